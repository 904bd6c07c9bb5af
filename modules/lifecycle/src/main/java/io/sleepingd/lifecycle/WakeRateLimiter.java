package io.sleepingd.lifecycle;

import io.sleepingd.config.WakeRate;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * {@code WAKE_RATE}: the wakes each source address began within the last period, so that a source
 * that has begun its number may begin no more until the oldest leaves the window. Only wakes that
 * began count ({@link #record}), not the connections that rode along on one.
 *
 * <p>Thread-safe: every method holds this object's monitor for a few deque operations; a source's
 * entry goes once its window is empty, so the map holds only sources that woke the backend lately.
 */
final class WakeRateLimiter {
    private final WakeRate rate;
    private final Map<InetAddress, ArrayDeque<Long>> wakes = new HashMap<>();

    WakeRateLimiter(WakeRate rate) {
        this.rate = rate;
    }

    /** Whether {@code source} may begin a wake now. */
    synchronized boolean allows(InetAddress source, long nowNanos) {
        forgetOld(nowNanos);
        ArrayDeque<Long> begun = wakes.get(source);
        return begun == null || begun.size() < rate.wakes();
    }

    /** {@code source} began a wake. */
    synchronized void record(InetAddress source, long nowNanos) {
        wakes.computeIfAbsent(source, s -> new ArrayDeque<>()).addLast(nowNanos);
    }

    private void forgetOld(long nowNanos) {
        long period = rate.period().toNanos();
        for (Iterator<ArrayDeque<Long>> it = wakes.values().iterator(); it.hasNext(); ) {
            ArrayDeque<Long> begun = it.next();
            while (!begun.isEmpty() && nowNanos - begun.peekFirst() >= period) {
                begun.removeFirst();
            }
            if (begun.isEmpty()) {
                it.remove();
            }
        }
    }
}
