package io.sleepingd.logging;

import java.time.Duration;

/**
 * How the daemon writes a duration for people: "4 min 10 s", "2 h 5 min" in log lines and messages
 * ({@link #of}); with the short ones to the millisecond, "350 ms", "1.2 s", in status tables, where
 * a wake that took 18 ms must not read "0 s" ({@link #precise}).
 */
public final class DurationText {
    private DurationText() {
    }

    /** Whole seconds, then minutes and seconds, then hours and minutes. */
    public static String of(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }

    /** As {@link #of}, but milliseconds under a second and a tenth of a second under ten. */
    public static String precise(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1_000) {
            return millis + " ms";
        }
        if (millis < 10_000) {
            return String.format("%.1f s", millis / 1000.0);
        }
        return of(duration);
    }
}
