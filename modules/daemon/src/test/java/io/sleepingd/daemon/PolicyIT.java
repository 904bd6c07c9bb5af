package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wake policy, with clients bound to different loopback source addresses (127.0.0.1, 127.0.0.2,
 * 127.0.0.3, ::1): who may wake the backend (WAKE_FROM, NO_WAKE_FROM), whose connections keep it
 * awake (KEEP_AWAKE_FROM), and how often one source may wake it (WAKE_RATE).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PolicyIT {
    @TempDir
    Path dir;

    /** START_CMD and STOP_CMD append to {@code events}, so the tests can count them. */
    private String service(int port, TestBackend backend, String policy) {
        return """
                [Guarded]
                BIND=127.0.0.1,::1
                PORT=%d
                START_CMD="echo start >> %s/events; echo %s"
                STOP_CMD="echo stop >> %s/events"
                IDLE_TIME=1
                IDLE_CHECK_INTERVAL=1
                %s
                """.formatted(port, dir, backend.address(), dir, policy);
    }

    private List<String> events() throws Exception {
        Path events = dir.resolve("events");
        return Files.exists(events) ? Files.readAllLines(events) : List.of();
    }

    @Test
    void aSourceOutsideWakeFromDoesNotRunStartCmdButIsRelayedOnceTheBackendIsAwake() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service(port, backend, "WAKE_FROM=127.0.0.1/32\n"))
                     .startForeground();
             Socket keepAwake = new Socket()) {
            assertEquals("", Client.exchangeFrom("127.0.0.2", "127.0.0.1", port, "wake?"), "closed, unanswered");
            assertEquals(List.of(), events(), "no START_CMD for a source outside WAKE_FROM");
            assertEquals("1", daemon.statusField("Guarded", "wakesRefused.source"));

            keepAwake.connect(new InetSocketAddress("127.0.0.1", port)); // an allowed source wakes it, and stays
            keepAwake.getOutputStream().write('x');
            daemon.await("awake", Duration.ofSeconds(30), () -> daemon.state("Guarded").equals("awake"));

            assertEquals("echo:while awake", Client.exchangeFrom("127.0.0.2", "127.0.0.1", port, "while awake"));
            assertEquals(List.of("start"), events());
        }
    }

    @Test
    void noWakeFromIsCheckedFirstAndMatchesIpv6() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service(port, backend,
                     "WAKE_FROM=127.0.0.0/8,::1\nNO_WAKE_FROM=\"::1 127.0.0.3\"\n")).startForeground()) {
            assertAll(
                    () -> assertEquals("", Client.exchangeFrom("::1", "::1", port, "v6")),
                    () -> assertEquals("", Client.exchangeFrom("127.0.0.3", "127.0.0.1", port, "three")));
            assertEquals(List.of(), events(), "no START_CMD for a source in NO_WAKE_FROM");

            assertEquals("echo:two", Client.exchangeFrom("127.0.0.2", "127.0.0.1", port, "two"));
            assertEquals(List.of("start"), events());
        }
    }

    @Test
    void aPollerOutsideKeepAwakeFromDoesNotPreventTheIdleStopAndIsClosedByIt() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service(port, backend, "KEEP_AWAKE_FROM=127.0.0.1\n"))
                     .startForeground();
             Socket poller = new Socket()) {
            assertEquals("echo:wake", Client.exchange(port, "wake"));
            poller.bind(new InetSocketAddress("127.0.0.2", 0));
            poller.connect(new InetSocketAddress("127.0.0.1", port)); // relayed, open, and sending
            poller.setSoTimeout(30_000);
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!events().contains("stop") && System.nanoTime() < until) {
                poller.getOutputStream().write("poll\n".getBytes());
                Thread.sleep(200);
            }

            assertEquals(List.of("start", "stop"), events(), "stopped while the poller was connected and sending");
            assertEquals(-1, readOrReset(poller), "the poller's connection is closed by the stop");
        }
    }

    @Test
    void wakeRateStopsTheFourthWakeFromOneSourceButNotFromAnother() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service(port, backend, "WAKE_RATE=3/10m\n"))
                     .startForeground()) {
            for (int wake = 1; wake <= 3; wake++) {
                assertEquals("echo:" + wake, Client.exchangeFrom("127.0.0.2", "127.0.0.1", port, "" + wake));
                int stops = wake;
                daemon.await("idle stop " + wake, Duration.ofSeconds(30),
                        () -> count("stop") == stops && daemon.state("Guarded").equals("asleep"));
            }

            assertEquals("", Client.exchangeFrom("127.0.0.2", "127.0.0.1", port, "fourth"), "the fourth wake refused");
            assertEquals(3, count("start"));
            assertEquals("1", daemon.statusField("Guarded", "wakesRefused.rate"));

            assertEquals("echo:other", Client.exchangeFrom("127.0.0.3", "127.0.0.1", port, "other"));
            assertEquals(4, count("start"), "another source wakes it");
        }
    }

    private long count(String event) {
        try {
            return events().stream().filter(event::equals).count();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** -1 at the end of the stream, also when the end came as a reset. */
    private static int readOrReset(Socket socket) throws Exception {
        try {
            while (true) {
                int b = socket.getInputStream().read();
                if (b < 0) {
                    return b;
                }
            }
        } catch (java.net.SocketException reset) {
            return -1;
        }
    }
}
