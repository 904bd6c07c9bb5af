package io.sleepingd.answers;

import java.time.Duration;

/** What the daemon tells a client it will not relay. */
public sealed interface Answer {
    /** The backend is starting: try again in {@code retryAfter}. */
    record Starting(Duration retryAfter) implements Answer {
    }

    /** The backend could not be started. No detail: the client is not told what failed, the log is. */
    record Failed() implements Answer {
    }

    /** The backend is asleep, and this client may not wake it (the wake policy). */
    record Refused() implements Answer {
    }
}
