package io.sleepingd.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** One direction of a relay: read until end of input, write everything, then half-close the sink. */
final class Pump implements Runnable {
    /** Direct, so the channel does not copy through a temporary buffer of its own. */
    private static final int BUFFER_SIZE = 64 * 1024;

    private final SocketChannel source;
    private final SocketChannel sink;
    private final LongAdder traffic;
    /** Shared by both directions: the error that ended the relay, not the one our close caused. */
    private final AtomicReference<IOException> firstFailure;
    private long bytes;

    Pump(SocketChannel source, SocketChannel sink, LongAdder traffic, AtomicReference<IOException> firstFailure) {
        this.source = source;
        this.sink = sink;
        this.traffic = traffic;
        this.firstFailure = firstFailure;
    }

    @Override
    public void run() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
        try {
            while (source.read(buffer) >= 0) {
                buffer.flip();
                int n = buffer.remaining();
                while (buffer.hasRemaining()) {
                    sink.write(buffer);
                }
                buffer.clear();
                bytes += n;
                traffic.add(n);
            }
            sink.shutdownOutput();
        } catch (IOException e) {
            firstFailure.compareAndSet(null, e); // before closing, which fails the other direction
            // Unblock the opposite direction, which may be waiting on a peer that will never speak.
            Relay.closeQuietly(source);
            Relay.closeQuietly(sink);
        }
    }

    long bytes() {
        return bytes;
    }
}
