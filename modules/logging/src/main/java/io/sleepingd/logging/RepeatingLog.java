package io.sleepingd.logging;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Logs a failure that can repeat many times a second (an accept loop out of file descriptors, a
 * select that fails) once per interval: the first occurrence at once, later identical ones only
 * counted, and the count logged with the next occurrence after the interval, so the log says how
 * often it happened without a line for each. Thread-safe: any thread may log; the counts are
 * guarded by this object's monitor.
 */
public final class RepeatingLog {
    /** Distinct messages remembered at once; beyond that the oldest windows are forgotten. */
    private static final int MAX_MESSAGES = 256;

    private final Logger logger;
    private final Level level;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final Map<String, Window> windows = new HashMap<>();

    /** What happened to one message since it was last logged. */
    private static final class Window {
        long loggedAt;
        long suppressed;

        Window(long loggedAt) {
            this.loggedAt = loggedAt;
        }
    }

    public RepeatingLog(Logger logger, Level level, Duration interval) {
        this(logger, level, interval, System::nanoTime);
    }

    RepeatingLog(Logger logger, Level level, Duration interval, LongSupplier clock) {
        this.logger = logger;
        this.level = level;
        this.intervalNanos = interval.toNanos();
        this.clock = clock;
    }

    /**
     * Logs {@code message} unless the same message was logged less than an interval ago.
     *
     * @return whether a line was written
     */
    public boolean log(String message) {
        return log(message, null);
    }

    /** As {@link #log(String)}, with the failure's stack trace on the lines that are written. */
    public boolean log(String message, Throwable failure) {
        long suppressed;
        synchronized (this) {
            long now = clock.getAsLong();
            Window window = windows.get(message);
            if (window == null) {
                if (windows.size() >= MAX_MESSAGES) {
                    windows.clear();
                }
                windows.put(message, new Window(now));
                suppressed = 0;
            } else if (now - window.loggedAt < intervalNanos) {
                window.suppressed++;
                return false;
            } else {
                suppressed = window.suppressed;
                window.suppressed = 0;
                window.loggedAt = now;
            }
        }
        logger.atLevel(level).setCause(failure).log(suppressed == 0 ? message
                : message + " (" + suppressed + " more like it since the last such line)");
        return true;
    }
}
