package io.sleepingd.relay;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The large direct buffers that data in flight is copied through, shared by all connections: a
 * connection holds one only while it is moving a burst of data, so that thousands of idle
 * connections cost no buffer memory. At most {@link #KEEP} free buffers are kept.
 */
final class BufferPool {
    static final int SIZE = 128 * 1024;
    private static final int KEEP = 16;

    private final ConcurrentLinkedQueue<ByteBuffer> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger freeCount = new AtomicInteger();

    static final BufferPool SHARED = new BufferPool();

    ByteBuffer take() {
        ByteBuffer buffer = free.poll();
        if (buffer == null) {
            return ByteBuffer.allocateDirect(SIZE);
        }
        freeCount.decrementAndGet();
        return buffer.clear();
    }

    void give(ByteBuffer buffer) {
        if (freeCount.incrementAndGet() <= KEEP) {
            free.offer(buffer);
        } else {
            freeCount.decrementAndGet(); // dropped: the garbage collector frees it
        }
    }
}
