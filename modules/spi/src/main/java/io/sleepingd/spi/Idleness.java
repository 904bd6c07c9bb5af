package io.sleepingd.spi;

/**
 * What an idle check found: idle, or busy and why in the check's own words (IDLE_CMD's first line of
 * output, the users logged in), which {@code sleepingd status} and the log show as the reason the
 * backend stays awake.
 */
public sealed interface Idleness {
    /** Nothing uses the backend, as far as this check can tell. */
    record Idle() implements Idleness {
    }

    /** Something uses the backend: {@code why}, or empty when the check cannot say. */
    record Busy(String why) implements Idleness {
    }

    /** From a yes-or-no check. */
    static Idleness of(boolean idle) {
        return idle ? new Idle() : new Busy("");
    }
}
