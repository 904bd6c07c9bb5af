package io.sleepingd.relay;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Relays connections between clients and their backends. Each side's end of input is passed on as a
 * half-close, so a client that sends its request and shuts down its output still gets the whole
 * response; both channels are closed once both directions have ended, or at once when either fails.
 *
 * <p>Two implementations, chosen once per process: the selector event loop ({@link RelayLoop}, the
 * default) and two virtual-thread pumps per connection ({@link PumpRelay},
 * {@code -Dsleepingd.relay=threads}). docs/benchmarks.md has the measurements behind the default.
 */
public final class Relay {
    /** An unreachable host answers nothing; one attempt must not hold a connection for minutes. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** After a failed accept (typically out of descriptors) the connection waits in the backlog this long. */
    static final Duration ACCEPT_RETRY_PAUSE = Duration.ofMillis(100);

    private static final boolean THREADS = "threads".equals(System.getProperty("sleepingd.relay"));

    private Relay() {
    }

    /**
     * Accepts the listening socket's connections and gives each to {@code handler}, which must not
     * block: on the event loop it runs on the loop that accepted the connection and will relay it; with
     * the pumps, on the socket's accepting virtual thread. Close the channel with {@link #close} to stop.
     *
     * @param onFailure told when an accept fails (typically out of descriptors); accepting resumes 100 ms later
     */
    public static void accept(ServerSocketChannel server, Consumer<SocketChannel> handler,
            Consumer<IOException> onFailure) {
        if (THREADS) {
            PumpRelay.accept(server, handler, onFailure);
        } else {
            RelayLoop.accept(server, handler, onFailure);
        }
    }

    /** Closes a listening socket given to {@link #accept}, releasing its port at once. */
    public static void close(ServerSocketChannel server) throws IOException {
        if (THREADS) {
            PumpRelay.close(server);
        } else {
            server.close();
            RelayLoop.release();
        }
    }

    /** Starts relaying a client and its connected backend, and returns at once. */
    public static ActiveRelay start(SocketChannel client, SocketChannel backend, LongAdder traffic) {
        return THREADS ? PumpRelay.start(client, backend, traffic) : RelayLoop.start(client, backend, traffic);
    }

    /**
     * Connects to the backend (giving up after {@link #CONNECT_TIMEOUT}) and relays, without blocking the
     * caller: the fast path for a backend that is awake.
     */
    public static ActiveRelay connectAndStart(SocketChannel client, InetSocketAddress backend, LongAdder traffic) {
        return THREADS ? PumpRelay.connectAndStart(client, backend, traffic)
                : RelayLoop.connectAndStart(client, backend, traffic);
    }

    /**
     * Whether the failure is a reset by the peer. While connecting, it means the backend accepted and
     * then ended the connection: it was relayed, briefly. After that, the peer ended it, not us.
     */
    public static boolean isReset(IOException failure) {
        return failure instanceof SocketException && failure.getMessage() != null
                && failure.getMessage().startsWith("Connection reset");
    }

    static void setNoDelay(SocketChannel channel) throws IOException {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    }

    static void closeQuietly(SocketChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Closing to end the connection; the first failure is the one reported.
        }
    }
}
