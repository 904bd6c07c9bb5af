package io.sleepingd.lifecycle;

import java.util.Locale;

/** How a wake ended, as metrics label it. */
public enum WakeOutcome {
    /** The backend accepted a connection. */
    SUCCESS,
    /** CHECK or START failed, or the wake was interrupted. */
    FAILED,
    /** The backend did not accept within WAKE_TIMEOUT, or START outran it. */
    TIMEOUT;

    /** {@code success}, {@code failed}, {@code timeout}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
