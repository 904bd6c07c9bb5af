package io.sleepingd.admin;

import java.time.Duration;

/** Durations as the status text writes them: "4 min 10 s", "1.2 s", "350 ms". */
final class Durations {
    private Durations() {
    }

    static String of(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1_000) {
            return millis + " ms";
        }
        if (millis < 10_000) {
            return String.format("%.1f s", millis / 1000.0);
        }
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
        }
        return seconds / 86_400 + " d " + seconds % 86_400 / 3600 + " h";
    }

    /** Seconds with millisecond precision, for JSON and metrics. */
    static String seconds(Duration duration) {
        return String.valueOf(duration.toMillis() / 1000.0);
    }
}
