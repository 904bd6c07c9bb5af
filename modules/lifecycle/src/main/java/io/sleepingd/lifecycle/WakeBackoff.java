package io.sleepingd.lifecycle;

import java.time.Duration;

/**
 * Spaces out wakes after failures (1 s, 2 s, 4 s, ... up to a minute), so that a client
 * reconnecting in a loop cannot make a failing START_CMD run as often as it likes. Connections that
 * arrive during the pause are held until it ends, within their WAKE_TIMEOUT. Not thread-safe: the
 * {@link ServiceCore} that owns it guards it with its lock.
 */
final class WakeBackoff {
    private static final Duration FIRST = Duration.ofSeconds(1);
    private static final Duration LONGEST = Duration.ofMinutes(1);

    private int failures;
    private long notBeforeNanos = System.nanoTime();

    long nextWakeNotBefore() {
        return failures == 0 ? System.nanoTime() : notBeforeNanos;
    }

    int failures() {
        return failures;
    }

    /** Records a failed wake; returns the text the failure's log line ends with. */
    String failed() {
        failures++;
        long pause = Math.min(FIRST.toNanos() << Math.min(failures - 1, 16), LONGEST.toNanos());
        notBeforeNanos = System.nanoTime() + pause;
        return "; the next wake may start in " + Duration.ofNanos(pause).toSeconds() + " s";
    }

    void succeeded() {
        failures = 0;
    }
}
