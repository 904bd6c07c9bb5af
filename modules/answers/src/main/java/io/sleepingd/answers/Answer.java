package io.sleepingd.answers;

import java.time.Duration;

/** What the daemon tells a client it will not relay. */
public sealed interface Answer {
    /** The backend is starting: try again in {@code retryAfter}. */
    record Starting(Duration retryAfter) implements Answer {
    }

    /**
     * The backend could not be started, {@code reason}: one of a few fixed phrases ("it failed to
     * start", "it did not start in time"), never a command's output or an internal detail, which
     * only the log has.
     */
    record Failed(String reason) implements Answer {
    }

    /** The backend is asleep, and this client may not wake it (the wake policy). */
    record Refused() implements Answer {
    }
}
