package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connection that is cut, by the backend or by the daemon, reaches the client as a reset, never as
 * a clean end of stream: otherwise a truncated transfer looks complete. Real daemon, real sockets.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CutConnectionsIT {
    private static final int SENT_BEFORE_THE_CUT = 100_000;

    @TempDir
    Path dir;

    private String service(int port, int backendPort, String extra) {
        return """
                SHUTDOWN_GRACE=1
                [cut]
                BIND=127.0.0.1
                PORT=%d
                START_CMD="echo 127.0.0.1 %d"
                STOP_CMD=true
                %s
                """.formatted(port, backendPort, extra);
    }

    // The backend often resets before the daemon sees its connect finish: that reset is the client's
    // too, and the daemon must not connect again (it once did, and relayed a connection never accepted).
    @Test
    void aBackendThatResetsAfterSendingReachesTheClientAsAReset() throws Exception {
        int port = DaemonHarness.freePort();
        try (ServerSocket backend = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             DaemonHarness daemon = DaemonHarness.with(dir, service(port, backend.getLocalPort(), ""))
                     .startForeground();
             Socket client = connect(port)) {
            try (Socket accepted = backend.accept()) {
                accepted.getOutputStream().write(new byte[SENT_BEFORE_THE_CUT]);
                accepted.setSoLinger(true, 0);
            }

            assertEndsWithAReset(client, daemon);
        }
    }

    @Test
    void aConnectionStillOpenWhenTheGracePeriodEndsIsReset() throws Exception {
        int port = DaemonHarness.freePort();
        try (ServerSocket backend = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             DaemonHarness daemon = DaemonHarness.with(dir, service(port, backend.getLocalPort(), ""))
                     .startForeground();
             Socket client = connect(port);
             Socket accepted = backend.accept()) {
            accepted.getOutputStream().write(new byte[SENT_BEFORE_THE_CUT]);

            daemon.process().destroy(); // SIGTERM: one second of grace, then the connection is cut

            assertEndsWithAReset(client, daemon);
            assertEquals(0, daemon.awaitExit(Duration.ofSeconds(60)));
        }
    }

    @Test
    void aConnectionOfAServiceAReloadMovedToAnotherPortIsResetAfterTheGracePeriod() throws Exception {
        int port = DaemonHarness.freePort();
        try (ServerSocket backend = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             DaemonHarness daemon = DaemonHarness.with(dir, service(port, backend.getLocalPort(), ""))
                     .startForeground();
             Socket client = connect(port);
             Socket accepted = backend.accept()) {
            accepted.getOutputStream().write(new byte[SENT_BEFORE_THE_CUT]);
            // (one whose port stays keeps its connections: ReloadIT)
            Files.writeString(daemon.config, Files.readString(daemon.config).replace("PORT=" + port,
                    "PORT=" + DaemonHarness.freePort()));

            assertTrue(daemon.cli("reload").out().startsWith("reloaded"), "the reload was accepted");

            assertEndsWithAReset(client, daemon);
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket client = new Socket(InetAddress.getLoopbackAddress(), port);
        client.setSoTimeout(60_000);
        client.getOutputStream().write('x'); // wakes the service; the backend accepts the relayed connection
        return client;
    }

    /** Reads until the connection ends, which must be by a reset. */
    private static void assertEndsWithAReset(Socket client, DaemonHarness daemon) throws IOException {
        long read = 0;
        try {
            InputStream in = client.getInputStream();
            for (int n; (n = in.read(new byte[8192])) >= 0; ) {
                read += n;
            }
            throw new AssertionError("the connection ended in order after " + read + " bytes, not with a reset;"
                    + " daemon log:\n" + daemon.log());
        } catch (SocketException e) {
            assertTrue(e.getMessage().startsWith("Connection reset"), "a reset, not: " + e.getMessage());
        } catch (IOException e) {
            throw new AssertionError("the connection failed after " + read + " bytes, but not with a reset;"
                    + " daemon log:\n" + daemon.log(), e);
        }
    }
}
