package io.sleepingd.acceptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sleepingd.config.Origin;
import io.sleepingd.config.ServiceConfig;
import io.sleepingd.relay.Relay;
import io.sleepingd.relay.RelayLoops;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Listening sockets: all-or-nothing binding, dual stack by default, connections handed over unread,
 * on real loopback sockets and the relay's real event loops.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ListenerTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final RelayLoops LOOPS = RelayLoops.start(2, 4L << 20);

    private static ServiceConfig service(int port, List<InetAddress> bind) {
        return new ServiceConfig("Web", new Origin(Path.of("test.conf"), 3), true, port, bind, Duration.ofSeconds(60),
                Duration.ZERO, Duration.ZERO, "shell", Optional.empty(), Map.of(), Map.of());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void withoutBindItAcceptsOnIpv4AndIpv6Loopback() throws Exception {
        int port = freePort();
        LinkedBlockingQueue<SocketChannel> accepted = new LinkedBlockingQueue<>();
        try (Listener listener = Listener.bind(service(port, List.of()), accepted::add)) {
            listener.serve(LOOPS);
            for (String host : List.of("127.0.0.1", "::1")) {
                try (Socket client = new Socket(host, port)) {
                    SocketChannel channel = accepted.poll(10, TimeUnit.SECONDS);
                    assertEquals(client.getLocalPort(), ((InetSocketAddress) channel.getRemoteAddress()).getPort(), host);
                    channel.close();
                }
            }
        }
    }

    @Test
    void theAcceptedConnectionIsHandedOverWithTheClientsBytesUnread() throws Exception {
        int port = freePort();
        LinkedBlockingQueue<SocketChannel> accepted = new LinkedBlockingQueue<>();
        try (Listener listener = Listener.bind(service(port, List.of(InetAddress.getByName("127.0.0.1"))),
                accepted::add);
             Socket client = new Socket("127.0.0.1", port)) {
            listener.serve(LOOPS);
            client.getOutputStream().write("early bytes".getBytes());
            SocketChannel channel = accepted.poll(10, TimeUnit.SECONDS);
            var buffer = java.nio.ByteBuffer.allocate(64);
            while (buffer.position() < "early bytes".length()) {
                channel.read(buffer);
            }
            assertEquals("early bytes", new String(buffer.array(), 0, buffer.position()));
            channel.close();
        }
    }

    @Test
    void aPortInUseIsReportedWithTheServiceNameAndReleasesEverythingBound() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            IOException failure = assertThrows(IOException.class, () -> Listener.bind(service(port,
                    List.of(InetAddress.getByName("::1"), InetAddress.getByName("127.0.0.1"))), channel -> { }));
            assertTrue(failure.getMessage().startsWith("service 'Web': cannot listen on 127.0.0.1 port " + port),
                    failure.getMessage());
            // The ::1 socket bound before the failure was closed again: binding it now works.
            try (ServerSocket again = new ServerSocket(port, 50, InetAddress.getByName("::1"))) {
                assertEquals(port, again.getLocalPort());
            }
        }
    }

    @Test
    void closingStopsListeningAtOnce() throws Exception {
        int port = freePort();
        Listener listener = Listener.bind(service(port, List.of(LOOPBACK)), Relay::reset);
        listener.serve(LOOPS);
        new Socket(LOOPBACK, port).close(); // accepted: the loop watches the socket

        listener.close();

        // A listening socket a loop still held would complete this handshake from its backlog.
        assertThrows(ConnectException.class, () -> new Socket(LOOPBACK, port).close());
    }

    @Test
    void anOwnerThatFailsDoesNotStopTheAcceptingAndItsClientIsReset() throws Exception {
        int port = freePort();
        LinkedBlockingQueue<SocketChannel> handed = new LinkedBlockingQueue<>();
        AtomicBoolean first = new AtomicBoolean(true);
        try (Listener listener = Listener.bind(service(port, List.of(LOOPBACK)), channel -> {
            handed.add(channel);
            if (first.getAndSet(false)) {
                throw new IllegalStateException("a bug in the owner (thrown on purpose by this test)");
            }
        })) {
            listener.serve(LOOPS);
            try (Socket failing = new Socket(LOOPBACK, port);
                 SocketChannel firstHanded = handed.poll(10, TimeUnit.SECONDS);
                 Socket next = new Socket(LOOPBACK, port);
                 SocketChannel nextHanded = handed.poll(10, TimeUnit.SECONDS)) {
                assertTrue(firstHanded != null && nextHanded != null, "the connection after the failure was accepted too");
                assertThrows(SocketException.class, () -> failing.getInputStream().read(),
                        "the connection whose handling failed was cut with a reset");
            }
        }
    }
}
