package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon out of file descriptors (its limit lowered with {@code prlimit} while it runs, to just
 * what it has open): its accept loops back off and log the failure once per interval, and a local
 * shortage is not taken for a backend failure: the service keeps its state. Real daemon, real sockets.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ResourceShortageIT {
    @TempDir
    Path dir;

    private String service(int port, TestBackend backend) {
        return """
                [short]
                BIND=127.0.0.1
                PORT=%d
                START_CMD="echo %s"
                STOP_CMD=true
                """.formatted(port, backend.address());
    }

    @Test
    void acceptLoopsOutOfDescriptorsBackOffAndLogOncePerInterval() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service(port, backend)).startForeground()) {
            long logBefore = Files.size(daemon.log);
            List<Socket> waiting = new ArrayList<>();
            try {
                limitToOpenDescriptors(daemon, 0);
                for (int i = 0; i < 5; i++) {
                    waiting.add(new Socket(InetAddress.getLoopbackAddress(), port)); // wait in the backlog
                }
                Process status = new ProcessBuilder(DaemonHarness.command("status", "-f", daemon.config.toString()))
                        .redirectErrorStream(true).redirectOutput(dir.resolve("status.out").toFile())
                        .start(); // its connection waits in the control socket's backlog too
                Thread.sleep(3000);
                long logged = Files.size(daemon.log) - logBefore;
                raiseDescriptorLimit(daemon);

                assertTrue(logged < 4096, "logged " + logged + " bytes in three seconds out of descriptors");
                assertTrue(status.waitFor(60, TimeUnit.SECONDS), "status finished");
                assertEquals(0, status.exitValue(), "status answered once descriptors were free");
            } finally {
                for (Socket socket : waiting) {
                    socket.close();
                }
            }
            assertEquals("echo:after", Client.exchange(port, "after"), "served once descriptors are free");
        }
    }

    @Test
    void anAwakeServiceStaysAwakeWhenTheDaemonCannotOpenTheBackendConnection() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service(port, backend)).startForeground()) {
            assertEquals("echo:wake", Client.exchange(port, "wake"));
            daemon.await("the service to be awake with no connection", Duration.ofSeconds(30),
                    () -> daemon.state("short").equals("awake") && daemon.liveConnections("short") == 0);

            limitToOpenDescriptors(daemon, 1); // room to accept the client, none to connect to the backend
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
                client.setSoTimeout(60_000);
                // the reset may come before the write (a fast daemon) or after it
                assertThrows(SocketException.class, () -> {
                    client.getOutputStream().write('x');
                    client.getInputStream().read();
                }, "cut with a reset");
            }
            raiseDescriptorLimit(daemon);

            assertEquals("awake", daemon.state("short"), "still awake");
        }
    }

    @Test
    void anAsleepServiceStaysAsleepWhenTheDaemonCannotStartItsCommand() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service(port, backend)).startForeground()) {
            limitToOpenDescriptors(daemon, 1); // room to accept the client, none for START_CMD's pipes
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
                client.setSoTimeout(60_000);
                // the reset may come before the write (a fast daemon) or after it
                assertThrows(SocketException.class, () -> {
                    client.getOutputStream().write('x');
                    client.getInputStream().read();
                }, "cut with a reset");
            }
            raiseDescriptorLimit(daemon);

            assertEquals("asleep", daemon.state("short"), "asleep, as before");
            assertEquals("echo:after", Client.exchange(port, "after"), "the next connection wakes it");
        }
    }

    /** Lowers the daemon's soft limit to the descriptors it has open, plus {@code spare}. */
    private static void limitToOpenDescriptors(DaemonHarness daemon, int spare) throws Exception {
        long pid = daemon.process().pid();
        long open;
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            open = fds.count();
        }
        prlimit(pid, open + spare);
    }

    private static void raiseDescriptorLimit(DaemonHarness daemon) throws Exception {
        prlimit(daemon.process().pid(), 4096);
    }

    private static void prlimit(long pid, long soft) throws Exception {
        Process prlimit = new ProcessBuilder("prlimit", "--pid", Long.toString(pid), "--nofile=" + soft + ":")
                .redirectErrorStream(true).start();
        String out = new String(prlimit.getInputStream().readAllBytes());
        assertEquals(0, prlimit.waitFor(), "prlimit: " + out);
    }
}
