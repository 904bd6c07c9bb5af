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
 * Relays connections between clients and their backends, on the {@link RelayLoops event loops}.
 * Each side's end of input is passed on as a half-close, so a client that sends its request and shuts
 * down its output still gets the whole response; both channels are closed once both directions have
 * ended. A relay that ends any other way (a reset, a failed write, an abort) resets both sides.
 */
public final class Relay {
    /** An unreachable host answers nothing; one attempt must not hold a connection for minutes. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** After a failed accept (typically out of descriptors) the connection waits in the backlog this long. */
    public static final Duration ACCEPT_RETRY_PAUSE = Duration.ofMillis(100);

    private Relay() {
    }

    /**
     * Accepts the listening socket's connections and gives each to {@code handler}, which must not
     * block: it runs on the loop that accepted the connection and will relay it. Close the channel with
     * {@link #close} to stop.
     *
     * @param onFailure told when an accept fails (typically out of descriptors); accepting resumes
     *                  {@link #ACCEPT_RETRY_PAUSE} later
     */
    public static void accept(ServerSocketChannel server, Consumer<SocketChannel> handler,
            Consumer<IOException> onFailure) {
        RelayLoops.DEFAULT.accept(server, handler, onFailure);
    }

    /** Closes a listening socket given to {@link #accept}, releasing its port at once. */
    public static void close(ServerSocketChannel server) throws IOException {
        server.close();
        RelayLoops.DEFAULT.release();
    }

    /** Starts relaying a client and its connected backend, and returns at once. */
    public static ActiveRelay start(SocketChannel client, SocketChannel backend, LongAdder traffic) {
        return RelayLoops.DEFAULT.start(client, backend, traffic);
    }

    /**
     * Connects to the backend (giving up after {@link #CONNECT_TIMEOUT}) and relays, without blocking the
     * caller: the fast path for a backend that is awake.
     */
    public static ActiveRelay connectAndStart(SocketChannel client, InetSocketAddress backend, LongAdder traffic) {
        return RelayLoops.DEFAULT.connectAndStart(client, backend, traffic);
    }

    /**
     * The bytes of buffer memory the relay may hold for data in flight (see docs/reliability.md).
     *
     * @throws IllegalArgumentException when {@code -Dsleepingd.relay.memory} is not a valid size
     */
    public static long bufferBudget() {
        try {
            return BufferPool.SHARED.budget();
        } catch (ExceptionInInitializerError e) {
            if (e.getCause() instanceof IllegalArgumentException bad) {
                throw bad;
            }
            throw e;
        }
    }

    /**
     * Tells {@code handler} if an event loop dies (nothing it relays can then move, and its listening
     * sockets accept nothing): the daemon must not go on serving half its ports.
     */
    public static void onLoopDeath(Consumer<Throwable> handler) {
        RelayLoops.DEFAULT.onDeath(handler);
    }

    /**
     * Whether the failure is a reset by the peer. While connecting, it means the backend accepted and
     * then ended the connection: it was relayed, briefly. After that, the peer ended it, not us.
     */
    public static boolean isReset(IOException failure) {
        return failure instanceof SocketException && failure.getMessage() != null
                && failure.getMessage().startsWith("Connection reset");
    }

    /**
     * Closes the connection with a reset (SO_LINGER 0) instead of an end of stream: for a connection
     * the daemon cuts, so that its peer cannot take what it received for the whole.
     */
    public static void reset(SocketChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException e) {
            // already closed or reset: closing is all there is left to do
        }
        closeQuietly(channel);
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
