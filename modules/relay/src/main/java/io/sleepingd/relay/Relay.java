package io.sleepingd.relay;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Relays one connection: client to backend on a new virtual thread, backend to client on the
 * caller's. Each side's end of input is passed on as a half-close, so a client that sends its
 * request and shuts down its output still gets the whole response; both channels are closed once
 * both directions have ended, or at once when either fails.
 *
 * <p>Virtual threads with blocking channels keep the code straight-line; the relay benchmarks
 * decide whether another I/O model replaces {@link Pump}.
 */
public final class Relay {
    /** {@code -Dsleepingd.relay=loop}: the selector event loop ({@link RelayLoop}) instead of the pumps. */
    private static final boolean EVENT_LOOP = "loop".equals(System.getProperty("sleepingd.relay"));

    private Relay() {
    }

    /**
     * Blocks until the connection is over, then closes both channels.
     *
     * @param traffic counts every byte relayed in either direction (the idle monitor reads it)
     * @return the bytes relayed each way
     */
    public static RelayResult relay(SocketChannel client, SocketChannel backend, LongAdder traffic) {
        if (EVENT_LOOP) {
            return relayOnLoop(client, backend, traffic);
        }
        try (client; backend) {
            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
            backend.setOption(StandardSocketOptions.TCP_NODELAY, true);
            AtomicReference<IOException> firstFailure = new AtomicReference<>();
            Pump upstream = new Pump(client, backend, traffic, firstFailure);
            Thread up = Thread.ofVirtual().name("relay-up").start(upstream);
            Pump downstream = new Pump(backend, client, traffic, firstFailure);
            downstream.run();
            up.join();
            return new RelayResult(upstream.bytes(), downstream.bytes(), firstFailure.get());
        } catch (IOException e) {
            return new RelayResult(0, 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new RelayResult(0, 0, new IOException("relay interrupted", e));
        }
    }

    private static RelayResult relayOnLoop(SocketChannel client, SocketChannel backend, LongAdder traffic) {
        try {
            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
            backend.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException e) {
            closeQuietly(client);
            closeQuietly(backend);
            return new RelayResult(0, 0, e);
        }
        var done = RelayLoop.relay(client, backend, traffic);
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(client); // the loop sees the closed channels and completes the connection
            closeQuietly(backend);
            return new RelayResult(0, 0, new IOException("relay interrupted", e));
        } catch (java.util.concurrent.ExecutionException e) {
            return new RelayResult(0, 0, new IOException("relay failed", e.getCause()));
        }
    }

    static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing to unblock the other direction; the first failure is the one reported.
        }
    }
}
