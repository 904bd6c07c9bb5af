package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A connection to an asleep service wakes it once, is held without losing a byte, and is relayed. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WakeAndRelayIT {
    @TempDir
    Path dir;

    private static String service(int port, String startCommand) {
        return """
                [Test service]
                BIND=127.0.0.1
                PORT=%d
                START_CMD="%s"
                """.formatted(port, startCommand);
    }

    @Test
    void firstConnectionWakesTheBackendAndIsRelayedBothWays() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service(port,
                     "echo start >> " + dir + "/starts; echo " + backend.address())).startForeground()) {
            assertEquals("echo:hello", Client.exchange(port, "hello"));
            assertEquals(List.of("start"), daemon.lines("starts"));
            daemon.awaitLog("awake: backend 127.0.0.1:" + backend.port() + " accepted", Duration.ofSeconds(10));
        }
    }

    @Test
    void anAwakeServiceConnectsStraightToItsBackendWithoutRunningACommand() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service(port,
                     "echo start >> " + dir + "/starts; echo " + backend.address())).startForeground()) {
            Client.exchange(port, "one");
            assertEquals("echo:two", Client.exchange(port, "two"));
            assertEquals("echo:three", Client.exchange(port, "three"));
            assertEquals(1, daemon.lines("starts").size());
        }
    }

    @Test
    void fiftySimultaneousFirstConnectionsRunStartCmdOnceAndAreAllServed() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service(port,
                     "echo start >> " + dir + "/starts; sleep 1; echo " + backend.address())).startForeground();
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String request = "client " + i;
                answers.add(clients.submit(() -> Client.exchange(port, request)));
            }
            for (int i = 0; i < 50; i++) {
                assertEquals("echo:client " + i, answers.get(i).get(60, TimeUnit.SECONDS));
            }
            assertEquals(List.of("start"), daemon.lines("starts"));
            assertEquals(50, backend.connections.get());
        }
    }

    @Test
    void aClientThatHalfClosesDuringATwoSecondWakeGetsTheWholeResponse() throws Exception {
        int port = DaemonHarness.freePort();
        byte[] response = new byte[4 * 1024 * 1024];
        new Random(42).nextBytes(response);
        try (TestBackend backend = TestBackend.listen(0, request -> TestBackend.concat(request, response));
             DaemonHarness daemon = DaemonHarness.with(dir, service(port, "sleep 2; echo " + backend.address()))
                     .startForeground();
             Socket socket = new Socket()) {
            socket.setSoTimeout(60_000);
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            byte[] request = "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            socket.getOutputStream().write(request);
            socket.shutdownOutput();
            byte[] answer = socket.getInputStream().readAllBytes();
            assertArrayEquals(sha256(TestBackend.concat(request, response)), sha256(answer));
            assertTrue(daemon.log().contains("waking the backend"));
        }
    }

    @Test
    void aBackendThatListensOnlyAfterStartCmdReturnedIsWaitedFor() throws Exception {
        int port = DaemonHarness.freePort();
        int backendPort = DaemonHarness.freePort();
        try (DaemonHarness daemon = DaemonHarness.with(dir, service(port, "echo 127.0.0.1 " + backendPort))
                .startForeground()) {
            Thread late = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(1500);
                    TestBackend.listen(backendPort, request -> TestBackend.concat("late:".getBytes(), request));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals("late:knock", Client.exchange(port, "knock"));
            late.join();
        }
    }

    @Test
    void aSuccessfulCheckCmdWithAnAddressIsUsedWithoutRunningStartCmd() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service(port, "echo start >> " + dir + "/starts; exit 1")
                     + "CHECK_CMD=\"echo " + backend.address() + "\"\n").startForeground()) {
            assertEquals("echo:hi", Client.exchange(port, "hi"));
            assertEquals(List.of(), daemon.lines("starts"));
        }
    }

    @Test
    void commandsSeeTheClientAddressInTheirEnvironmentAndNeverItsData() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service(port,
                     "cat > " + dir + "/stdin; env > " + dir + "/env; echo " + backend.address())).startForeground()) {
            assertEquals("echo:$(touch /tmp/pwned)", Client.exchange(port, "$(touch /tmp/pwned)"));
            List<String> env = daemon.lines("env");
            assertTrue(env.contains("SOCAT_PEERADDR=127.0.0.1"), env.toString());
            assertTrue(env.contains("SOCAT_SOCKPORT=" + port), env.toString());
            assertTrue(env.contains("SLEEPINGD_SERVICE=Test service"), env.toString());
            assertTrue(env.stream().anyMatch(line -> line.startsWith("SOCAT_PEERPORT=")), env.toString());
            assertEquals(List.of(), daemon.lines("stdin"), "START_CMD's standard input is /dev/null");
        }
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}
