package io.sleepingd.relay;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * One connection relayed the way the daemon does it, with real sockets on 127.0.0.1:
 *
 * <pre>
 *   client ──▶ front (accepted: relayClientSide) ══ Relay ══ relayBackendSide ──▶ backend server (accepted: backend)
 * </pre>
 *
 * The test plays the {@link #client} and the {@link #backend}; {@link Relay#relay} runs on a virtual thread
 * and its answer is {@link #result}.
 */
final class RelayedConnection implements AutoCloseable {
    /** The test's client end, connected to the front. */
    final Socket client;
    /** The test's backend end, accepted by the backend server. */
    final Socket backend;
    /** The channel the front accepted: the relay's client side. */
    final SocketChannel relayClientSide;
    /** The channel the relay opened to the backend. */
    final SocketChannel relayBackendSide;
    final CompletableFuture<RelayResult> result = new CompletableFuture<>();

    private RelayedConnection(Socket client, Socket backend, SocketChannel relayClientSide,
            SocketChannel relayBackendSide) {
        this.client = client;
        this.backend = backend;
        this.relayClientSide = relayClientSide;
        this.relayBackendSide = relayBackendSide;
    }

    /** A front and a backend server that connections are made through, one at a time. */
    static final class Servers implements AutoCloseable {
        final ServerSocketChannel front;
        final ServerSocket backendServer;

        Servers() throws IOException {
            front = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            backendServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        }

        /** Connects a client through the front to the backend and starts relaying it, counting into {@code traffic}. */
        RelayedConnection connect(LongAdder traffic) throws IOException {
            Socket client = new Socket(InetAddress.getLoopbackAddress(),
                    ((InetSocketAddress) front.getLocalAddress()).getPort());
            SocketChannel relayClientSide = front.accept();
            SocketChannel relayBackendSide = SocketChannel.open(backendServer.getLocalSocketAddress());
            Socket backend = backendServer.accept();
            RelayedConnection connection = new RelayedConnection(client, backend, relayClientSide, relayBackendSide);
            Thread.ofVirtual().name("relay-under-test").start(() -> {
                try {
                    connection.result.complete(Relay.relay(relayClientSide, relayBackendSide, traffic));
                } catch (Throwable t) {
                    connection.result.completeExceptionally(t);
                }
            });
            return connection;
        }

        @Override
        public void close() throws IOException {
            try (front; backendServer) {
                // closes both
            }
        }
    }

    /** Ends the client's sending: its FIN must reach the backend as end of input. */
    void clientShutsDownOutput() throws IOException {
        client.shutdownOutput();
    }

    /** Closes with SO_LINGER 0, so the peer gets a reset (RST) instead of an orderly end. */
    static void reset(Socket socket) throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    /**
     * Reads until the connection ends, in order (end of input) or by a reset. A peer left hanging never
     * returns from here, which the calling test's {@code @Timeout} reports as the failure.
     */
    static void assertConnectionEnds(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // drain anything still in flight before the end
            }
        } catch (IOException e) {
            // a reset ends it too
        }
    }

    @Override
    public void close() throws IOException {
        try (client; backend; relayClientSide; relayBackendSide) {
            // closes all four
        }
    }
}
