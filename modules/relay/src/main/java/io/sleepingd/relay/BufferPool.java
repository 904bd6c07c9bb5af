package io.sleepingd.relay;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The direct buffers that data in flight goes through, and the budget that bounds them, shared by
 * every loop: a flow holds a buffer only while its sink has not taken what it read, so thousands of
 * idle connections cost no buffer memory, and clients that never read cannot take more than the
 * budget (the JVM's own limit on direct memory would otherwise end in an {@code OutOfMemoryError}).
 *
 * <p>Below half the budget a stalled flow keeps the whole {@link #LARGE} buffer it read into (no
 * copy); above half, flows read at most {@link #SMALL} bytes at a time and a stalled flow keeps only
 * a small buffer; with the budget spent, flows wait until memory is given back. docs/reliability.md
 * has the figures. Thread-safe: loops take and give from their own threads; the count is atomic, so
 * a burst on several loops at once may pass the budget by one buffer per loop.
 */
final class BufferPool {
    static final int LARGE = 128 * 1024;
    static final int SMALL = 16 * 1024;
    /** Free buffers kept for reuse, per size; the rest go to the garbage collector. */
    private static final int KEEP = 16;

    private final long budget;
    private final AtomicLong held = new AtomicLong();
    private final Sizes large = new Sizes(LARGE);
    private final Sizes small = new Sizes(SMALL);

    BufferPool(long budget) {
        this.budget = budget;
    }

    /** Half of what the JVM allows for direct memory by default (its heap limit), unless {@code property} is set. */
    static long budgetFrom(String property, long maxHeap) {
        if (property == null || property.isBlank()) {
            return Math.max(4L * LARGE, maxHeap / 2);
        }
        String value = property.strip().toLowerCase(Locale.ROOT);
        long unit = switch (value.charAt(value.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
        };
        String digits = unit == 1 ? value : value.substring(0, value.length() - 1);
        try {
            long bytes = Math.multiplyExact(Long.parseLong(digits), unit);
            if (bytes >= 4L * LARGE) {
                return bytes;
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below, as for any value that is not a size
        }
        throw new IllegalArgumentException("sleepingd.relay.memory='" + property
                + "' is not a size of at least 512k (a number of bytes, or with k, m or g)");
    }

    long budget() {
        return budget;
    }

    /** Bytes of buffers held by loops and flows now. */
    long held() {
        return held.get();
    }

    /** More than half the budget is held: flows read less at a time and keep small buffers. */
    boolean underPressure() {
        return held.get() >= budget / 2;
    }

    /** A flow may read: whatever its sink does not take can be kept. */
    boolean canKeep() {
        return held.get() + SMALL <= budget;
    }

    /**
     * How much a flow may read at once when it may have to keep it all, for reads that are not into
     * this pool's buffers (a pipe, on the splice transport): {@code wanted}, but below half the budget
     * no more than what is left of that half (a single flow must not spend it all), and {@link #SMALL}
     * above; 0 when the budget has no room left at all.
     */
    int readLimit(int wanted) {
        long held = this.held.get();
        long limit = held >= budget / 2 ? SMALL : Math.max(SMALL, budget / 2 - held);
        return (int) Math.max(0, Math.min(Math.min(wanted, limit), budget - held));
    }

    /**
     * Counts {@code bytes} held outside this pool (a pipe holding data its sink has not taken, on the
     * splice transport) against the budget, until {@link #unreserve}.
     */
    void reserve(long bytes) {
        held.addAndGet(bytes);
    }

    void unreserve(long bytes) {
        held.addAndGet(-bytes);
    }

    ByteBuffer takeLarge() {
        return large.take();
    }

    ByteBuffer takeSmall() {
        return small.take();
    }

    void give(ByteBuffer buffer) {
        (buffer.capacity() == LARGE ? large : small).give(buffer);
    }

    /** The free buffers of one size. */
    private final class Sizes {
        private final int size;
        private final ConcurrentLinkedQueue<ByteBuffer> free = new ConcurrentLinkedQueue<>();
        private final AtomicInteger freeCount = new AtomicInteger();

        Sizes(int size) {
            this.size = size;
        }

        ByteBuffer take() {
            held.addAndGet(size);
            ByteBuffer buffer = free.poll();
            if (buffer == null) {
                try {
                    return ByteBuffer.allocateDirect(size);
                } catch (OutOfMemoryError e) {
                    held.addAndGet(-size);
                    throw e;
                }
            }
            freeCount.decrementAndGet();
            return buffer.clear();
        }

        void give(ByteBuffer buffer) {
            held.addAndGet(-size);
            if (freeCount.incrementAndGet() <= KEEP) {
                free.offer(buffer);
            } else {
                freeCount.decrementAndGet(); // dropped: the garbage collector frees it
            }
        }
    }
}
