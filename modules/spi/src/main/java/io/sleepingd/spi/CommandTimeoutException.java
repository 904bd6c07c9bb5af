package io.sleepingd.spi;

/**
 * A command passed its timeout and was killed with every process it started; a type of its own because
 * callers may treat it apart (an unanswered CHECK_CMD means "start it").
 */
public final class CommandTimeoutException extends BackendException {
    private static final long serialVersionUID = 1L;

    public CommandTimeoutException(String message) {
        super(message);
    }
}
