package io.sleepingd.relay;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One connection relayed the way the daemon does it, with real sockets on 127.0.0.1:
 *
 * <pre>
 *   client ──▶ front (accepted: relayClientSide) ══ Relay ══ relayBackendSide ──▶ backend server (accepted: backend)
 * </pre>
 *
 * The test plays the {@link #client} and the {@link #backend}; how the relay ended is {@link #result}.
 */
final class RelayedConnection implements AutoCloseable {
    /** The test's client end, connected to the front. */
    final Socket client;
    /** The test's backend end, accepted by the backend server. */
    final Socket backend;
    /** The channel the front accepted: the relay's client side. */
    final SocketChannel relayClientSide;
    /** The channel the relay's backend side, when the test opened it ({@link Servers#connectHeld}), else null. */
    final SocketChannel relayBackendSide;
    final ActiveRelay relay;
    /** How the relay ended. */
    final CompletableFuture<RelayResult> result;

    private RelayedConnection(Socket client, Socket backend, SocketChannel relayClientSide,
            SocketChannel relayBackendSide, ActiveRelay relay) {
        this.client = client;
        this.backend = backend;
        this.relayClientSide = relayClientSide;
        this.relayBackendSide = relayBackendSide;
        this.relay = relay;
        this.result = relay.outcome().thenApply(outcome -> switch (outcome) {
            case RelayOutcome.Ended ended -> ended.result();
            case RelayOutcome.NotConnected refused -> throw new AssertionError("backend refused", refused.failure());
        });
    }

    /** The loops most tests relay on, as the daemon's one set per transport: two loops, a budget no test reaches. */
    private static final Map<RelayTransport, RelayLoops> LOOPS = new EnumMap<>(RelayTransport.class);

    static synchronized RelayLoops loops(RelayTransport transport) {
        return LOOPS.computeIfAbsent(transport, t -> RelayLoops.start(2, 64L << 20, t));
    }

    /** A front and a backend server that connections are made through, one at a time. */
    static final class Servers implements AutoCloseable {
        final ServerSocketChannel front;
        final ServerSocket backendServer;
        private final RelayLoops loops;

        Servers(RelayTransport transport) throws IOException {
            this(loops(transport));
        }

        /** Relays on {@code loops} instead of the tests' shared ones. */
        Servers(RelayLoops loops) throws IOException {
            this.loops = loops;
            front = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            backendServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        }

        /**
         * Connects a client through the front and lets the relay connect to the backend itself
         * ({@link RelayLoops#connectAndRelay}): the daemon's path for a backend that is awake.
         */
        RelayedConnection connect(Traffic traffic) throws IOException {
            Socket client = new Socket(InetAddress.getLoopbackAddress(),
                    ((InetSocketAddress) front.getLocalAddress()).getPort());
            SocketChannel relayClientSide = front.accept();
            ActiveRelay relay = loops.connectAndRelay(relayClientSide,
                    (InetSocketAddress) backendServer.getLocalSocketAddress(), traffic);
            Socket backend = backendServer.accept();
            return new RelayedConnection(client, backend, relayClientSide, null, relay);
        }

        /**
         * Connects a client through the front, connects to the backend first and then relays the two
         * ({@link RelayLoops#relay}): the daemon's path for a connection held while its backend woke.
         */
        RelayedConnection connectHeld(Traffic traffic) throws IOException {
            Socket client = new Socket(InetAddress.getLoopbackAddress(),
                    ((InetSocketAddress) front.getLocalAddress()).getPort());
            SocketChannel relayClientSide = front.accept();
            SocketChannel relayBackendSide = SocketChannel.open(backendServer.getLocalSocketAddress());
            Socket backend = backendServer.accept();
            return new RelayedConnection(client, backend, relayClientSide, relayBackendSide,
                    loops.relay(relayClientSide, relayBackendSide, traffic));
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

    /** Reads until the connection ends, which must be by a reset: an orderly end fails the test. */
    static void assertConnectionIsReset(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // drain anything still in flight before the reset
            }
        } catch (IOException e) {
            if (e instanceof java.net.SocketException && e.getMessage().startsWith("Connection reset")) {
                return;
            }
            throw new AssertionError("the connection failed, but not with a reset", e);
        }
        throw new AssertionError("the connection ended in order (end of stream), not with a reset");
    }

    @Override
    public void close() throws IOException {
        relay.abort(); // a relay left running by a failed test would hold its sockets
        try (client; backend; relayClientSide) {
            // closes all three
        }
    }
}
