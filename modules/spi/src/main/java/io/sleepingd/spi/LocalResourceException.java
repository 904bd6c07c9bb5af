package io.sleepingd.spi;

import java.util.Locale;
import java.util.Optional;

/**
 * The daemon's own machine ran short (file descriptors, processes, memory) while serving a service:
 * not a fault of the backend. The daemon closes the connection concerned and keeps the service's
 * state, instead of counting a failed wake (and backing off) or taking an awake backend for asleep.
 */
public final class LocalResourceException extends BackendException {
    private static final long serialVersionUID = 1L;

    /** The kernel's words for a local shortage: EMFILE and ENFILE, EAGAIN from fork, ENOMEM. */
    private static final String[] SHORTAGES = {
        "too many open files", "resource temporarily unavailable", "cannot allocate memory"};

    public LocalResourceException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A shortage found before anything failed (too few descriptors left to start a process, say). */
    public LocalResourceException(String message) {
        super(message);
    }

    /**
     * The first line of {@code failure}'s message when it reports a local shortage; the JDK follows a
     * failed process start with ten lines of advice (re-install the JDK...) that do not apply to one.
     */
    public static Optional<String> shortageIn(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message != null) {
                String lower = message.toLowerCase(Locale.ROOT);
                for (String shortage : SHORTAGES) {
                    if (lower.contains(shortage)) {
                        return Optional.of(message.lines().findFirst().orElse(message).strip());
                    }
                }
            }
        }
        return Optional.empty();
    }
}
