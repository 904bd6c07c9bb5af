package io.sleepingd.lifecycle;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * At most one log line per source address and minute, with how many were not written since: a
 * scanner or a monitor that the wake policy turns away every few seconds must not fill the log, and
 * a turned-away source must still show up in it.
 *
 * <p>Thread-safe: {@link #log} holds this object's monitor to decide, and writes the line outside it.
 */
final class SourceLog {
    private static final Duration INTERVAL = Duration.ofMinutes(1);
    /** Sources remembered at most; beyond, those last logged more than a minute ago are forgotten first. */
    private static final int SOURCES = 4096;

    private record Logged(long atNanos, int unwritten) {
    }

    private final Map<InetAddress, Logged> sources = new HashMap<>();

    /** Writes {@code line}, followed by the count of lines not written since the last, unless {@code source} had one within the minute. */
    void log(InetAddress source, String line, Consumer<String> write) {
        long now = System.nanoTime();
        int unwritten;
        synchronized (this) {
            Logged last = sources.get(source);
            if (last != null && now - last.atNanos() < INTERVAL.toNanos()) {
                sources.put(source, new Logged(last.atNanos(), last.unwritten() + 1));
                return;
            }
            if (sources.size() >= SOURCES) {
                sources.values().removeIf(logged -> now - logged.atNanos() >= INTERVAL.toNanos());
            }
            unwritten = last == null ? 0 : last.unwritten();
            if (sources.size() < SOURCES) {
                sources.put(source, new Logged(now, 0));
            }
        }
        write.accept(unwritten == 0 ? line : line + " (and " + unwritten + " more from it since the last such line)");
    }
}
