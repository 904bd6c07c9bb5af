package io.sleepingd.shell;

import io.sleepingd.spi.BackendException;

/** A command passed its timeout and was killed with its whole process tree. */
final class CommandTimeoutException extends BackendException {
    private static final long serialVersionUID = 1L;

    CommandTimeoutException(String message) {
        super(message);
    }
}
