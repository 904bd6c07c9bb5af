package io.sleepingd.relay;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The relay's own connect to the backend ({@link RelayLoops#connectAndRelay}) and its abort:
 * a backend that does not accept leaves the client to the caller, untouched, so that the daemon can
 * wake the backend and try again without losing a byte.
 */
@Timeout(value = 60, threadMode = SEPARATE_THREAD)
@ParameterizedClass(name = "{0}")
@EnumSource(RelayTransport.class)
class RelayConnectTest {
    @Parameter
    RelayTransport transport;

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void aBackendThatRefusesLeavesTheClientOpenWithItsBytesUnread() throws Exception {
        InetSocketAddress nobody = unusedPort();
        try (ServerSocketChannel front = ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
             Socket client = new Socket(LOOPBACK, ((InetSocketAddress) front.getLocalAddress()).getPort());
             SocketChannel accepted = front.accept()) {
            client.getOutputStream().write("hello".getBytes(US_ASCII));

            RelayOutcome outcome = RelayedConnection.loops(transport).connectAndRelay(accepted, nobody, new Traffic()).outcome().get();

            assertInstanceOf(RelayOutcome.NotConnected.class, outcome);
            assertTrue(accepted.isOpen() && accepted.isBlocking(), "the client's channel is open and blocking");
            ByteBuffer unread = ByteBuffer.allocate(5);
            while (unread.hasRemaining()) {
                accepted.read(unread);
            }
            assertArrayEquals("hello".getBytes(US_ASCII), unread.array());
        }
    }

    @Test
    void aRequestSentBeforeTheRelayConnectedReachesTheBackendWhole() throws Exception {
        try (ServerSocketChannel front = ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
             ServerSocket backendServer = new ServerSocket(0, 50, LOOPBACK);
             Socket client = new Socket(LOOPBACK, ((InetSocketAddress) front.getLocalAddress()).getPort());
             SocketChannel accepted = front.accept()) {
            client.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(US_ASCII));
            client.shutdownOutput();

            RelayedConnection.loops(transport).connectAndRelay(accepted, (InetSocketAddress) backendServer.getLocalSocketAddress(), new Traffic());

            try (Socket backend = backendServer.accept()) {
                assertArrayEquals("GET / HTTP/1.0\r\n\r\n".getBytes(US_ASCII), backend.getInputStream().readAllBytes());
            }
        }
    }

    @Test
    void aBackendThatSpeaksFirstIsHeardByAClientThatSaysNothing() throws Exception {
        try (RelayedConnection.Servers servers = new RelayedConnection.Servers(transport);
             RelayedConnection c = servers.connect(new Traffic())) {
            c.backend.getOutputStream().write("SSH-2.0-test\r\n".getBytes(US_ASCII)); // as sshd greets

            assertArrayEquals("SSH-2.0-test\r\n".getBytes(US_ASCII), c.client.getInputStream().readNBytes(14));
        }
    }

    @Test
    void aBackendThatNeverAnswersTheConnectIsGivenUpAfterTheConnectTimeout() throws Exception {
        // A listener whose backlog is full drops further SYNs (Linux): a connect to it hangs like one to a
        // host that is down, without sending a packet anywhere but 127.0.0.1.
        try (ServerSocket full = new ServerSocket(0, 1, LOOPBACK);
             ServerSocketChannel front = ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0))) {
            List<SocketChannel> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    SocketChannel filler = SocketChannel.open();
                    filler.configureBlocking(false);
                    filler.connect(full.getLocalSocketAddress());
                    fillers.add(filler);
                }
                Thread.sleep(200); // let the handshakes that fit complete
                try (Socket client = new Socket(LOOPBACK, ((InetSocketAddress) front.getLocalAddress()).getPort());
                     SocketChannel accepted = front.accept()) {
                    long started = System.nanoTime();

                    RelayOutcome outcome = RelayedConnection.loops(transport).connectAndRelay(accepted,
                            (InetSocketAddress) full.getLocalSocketAddress(), new Traffic()).outcome().get();

                    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                    RelayOutcome.NotConnected refused = assertInstanceOf(RelayOutcome.NotConnected.class, outcome);
                    assertAll(
                            () -> assertInstanceOf(SocketTimeoutException.class, refused.failure()),
                            () -> assertTrue(tookMillis >= Relay.CONNECT_TIMEOUT.toMillis() - 100,
                                    "gave up after " + tookMillis + " ms"),
                            () -> assertTrue(accepted.isOpen(), "the client's channel is open"));
                }
            } finally {
                for (SocketChannel filler : fillers) {
                    filler.close();
                }
            }
        }
    }

    @Test
    void anAbortEndsTheRelayWithTheAbortAndResetsBothConnections() throws Exception {
        try (RelayedConnection.Servers servers = new RelayedConnection.Servers(transport);
             RelayedConnection c = servers.connect(new Traffic())) {
            c.client.getOutputStream().write("ping".getBytes(US_ASCII));
            c.backend.getInputStream().readNBytes(4); // relaying has begun

            c.relay.abort();

            assertAll(
                    () -> assertInstanceOf(RelayAbortedException.class, c.result.get().failure()),
                    () -> RelayedConnection.assertConnectionIsReset(c.client),
                    () -> RelayedConnection.assertConnectionIsReset(c.backend));
        }
    }

    private static InetSocketAddress unusedPort() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
            return (InetSocketAddress) probe.getLocalSocketAddress();
        }
    }
}
