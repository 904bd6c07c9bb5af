package io.sleepingd.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * One direction of a relay: read until end of input, write everything, then half-close the sink.
 *
 * <p>While the source is quiet the pump waits with only a small buffer of its own; a read that
 * fills it means a burst, which is moved through a large pooled buffer until a read comes back
 * short, and the large buffer goes back to the pool before the pump waits again.
 */
final class Pump implements Runnable {
    static final int SMALL = 2 * 1024;

    private final SocketChannel source;
    private final SocketChannel sink;
    private final LongAdder traffic;
    /** Shared by both directions: the error that ended the relay, not the one our close caused. */
    private final AtomicReference<IOException> firstFailure;
    private final BufferPool pool;
    private long bytes;

    Pump(SocketChannel source, SocketChannel sink, LongAdder traffic, AtomicReference<IOException> firstFailure) {
        this.source = source;
        this.sink = sink;
        this.traffic = traffic;
        this.firstFailure = firstFailure;
        this.pool = BufferPool.SHARED;
    }

    @Override
    public void run() {
        ByteBuffer small = ByteBuffer.allocate(SMALL);
        ByteBuffer large = null;
        try {
            while (true) {
                ByteBuffer buffer = large != null ? large : small;
                int n = source.read(buffer);
                if (n < 0) {
                    break;
                }
                boolean full = !buffer.hasRemaining();
                drain(buffer, n);
                if (full && large == null) {
                    large = pool.take(); // a burst: move it in large pieces
                } else if (!full && large != null) {
                    pool.give(large); // the burst is over: wait with the small buffer
                    large = null;
                }
            }
            sink.shutdownOutput();
        } catch (IOException e) {
            firstFailure.compareAndSet(null, e); // before closing, which fails the other direction
            Relay.closeQuietly(source);
            Relay.closeQuietly(sink);
        } finally {
            if (large != null) {
                pool.give(large);
            }
        }
    }

    private void drain(ByteBuffer buffer, int n) throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            sink.write(buffer);
        }
        buffer.clear();
        bytes += n;
        traffic.add(n);
    }

    long bytes() {
        return bytes;
    }
}
