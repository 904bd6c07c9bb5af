package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An awake service goes back to sleep after IDLE_TIME without connections or traffic, and only then. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IdleStopIT {
    @TempDir
    Path dir;

    /** Every command appends its name to {@code events}, so the tests can check their order. */
    private String service(int port, TestBackend backend, String extra) {
        return """
                [Sleepy]
                BIND=127.0.0.1
                PORT=%d
                START_CMD="echo start >> %s/events; echo %s"
                STOP_CMD="echo stop >> %s/events"
                IDLE_TIME=1
                IDLE_CHECK_INTERVAL=1
                %s
                """.formatted(port, dir, backend.address(), dir, extra);
    }

    @Test
    void stopCmdRunsOnceAfterIdleTimeAndNotAgainWhileAsleep() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service(port, backend, "")).startForeground()) {
            assertEquals("echo:a", Client.exchange(port, "a"));
            daemon.await("STOP_CMD", Duration.ofSeconds(15), () -> events(daemon).contains("stop"));
            Thread.sleep(3000); // three more idle checks while asleep
            assertEquals(List.of("start", "stop"), events(daemon));
            daemon.awaitLog("service 'Sleepy': idle for 1 s; stopping the backend", Duration.ofSeconds(1));
        }
    }

    @Test
    void statusSaysWhichConnectionsKeepTheBackendAwakeThenWhenItWillStop() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service(port, backend, "").replace("IDLE_TIME=1", "IDLE_TIME=600"))
                     .startForeground();
             Socket open = new Socket()) {
            open.connect(new InetSocketAddress("127.0.0.1", port));
            open.getOutputStream().write('x'); // wakes it, and stays open

            daemon.await("status to name the open connection", Duration.ofSeconds(30),
                    () -> daemon.status().contains("  kept awake: 1 live connection from 127.0.0.1:" + open.getLocalPort()));
            open.close();
            daemon.await("status to count down to the idle stop", Duration.ofSeconds(30),
                    () -> daemon.status().matches("(?s).*\n  stops in (9|10) min \\d+ s unless a connection arrives\n.*"));
        }
    }

    @Test
    void statusSaysWhyTheBackendWasLastStopped() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service(port, backend, "")).startForeground()) {
            assertEquals("echo:a", Client.exchange(port, "a"));

            daemon.await("the idle stop", Duration.ofSeconds(30), () -> events(daemon).contains("stop"));

            daemon.await("status", Duration.ofSeconds(30), () -> daemon.state("Sleepy").equals("asleep")
                    && daemon.status().contains("\n  last stopped: idle for 1 s ("));
        }
    }


    @Test
    void stopCmdNeverRunsWhileAConnectionIsOpenEvenWithoutTraffic() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service(port, backend, "")).startForeground();
             Socket quiet = new Socket()) {
            quiet.connect(new InetSocketAddress("127.0.0.1", port));
            daemon.awaitLog("awake", Duration.ofSeconds(10));
            Thread.sleep(4000); // four idle checks, three times IDLE_TIME
            assertEquals(List.of("start"), events(daemon));
            quiet.close();
            daemon.await("STOP_CMD after the connection closed", Duration.ofSeconds(15),
                    () -> events(daemon).contains("stop"));
        }
    }

    @Test
    void idleCmdReportingBusyVetoesTheStop() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service(port, backend,
                     "IDLE_CMD=\"test -e " + dir + "/idle\"")).startForeground()) {
            Client.exchange(port, "a");
            Thread.sleep(3000);
            assertEquals(List.of("start"), events(daemon));
            java.nio.file.Files.createFile(dir.resolve("idle"));
            daemon.await("STOP_CMD once IDLE_CMD says idle", Duration.ofSeconds(15),
                    () -> events(daemon).contains("stop"));
        }
    }

    @Test
    void statusQuotesIdleCmdWhileItKeepsTheBackendAwake() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service(port, backend,
                     "IDLE_CMD=\"echo 3 players online; exit 1\"")).startForeground()) {
            Client.exchange(port, "a");

            daemon.await("status to quote IDLE_CMD", Duration.ofSeconds(30), () -> daemon.status()
                    .contains("\n  kept awake: IDLE_CMD exited with status 1: 3 players online\n"));
        }
    }

    @Test
    void aConnectionArrivingDuringAStopWaitsForItAndWakesTheServiceAgain() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, """
                     [Sleepy]
                     BIND=127.0.0.1
                     PORT=%d
                     START_CMD="echo start >> %s/events; echo %s"
                     STOP_CMD="echo stop >> %s/events; sleep 2; echo stopped >> %s/events"
                     IDLE_TIME=1
                     IDLE_CHECK_INTERVAL=1
                     """.formatted(port, dir, backend.address(), dir, dir)).startForeground()) {
            Client.exchange(port, "a");
            daemon.await("STOP_CMD to begin", Duration.ofSeconds(15), () -> events(daemon).contains("stop"));
            CompletableFuture<String> during = Client.exchangeInBackground(port, "during");
            assertEquals("echo:during", during.get(30, TimeUnit.SECONDS));
            assertEquals(List.of("start", "stop", "stopped", "start"), events(daemon).subList(0, 4));
        }
    }

    @Test
    void theIdleProbeAServiceNamesMustAgreeAndAnUnreachableHostKeepsItAwake() throws Exception {
        int port = DaemonHarness.freePort();
        int closed = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service(port, backend, """
                     IDLE_PROBE=ssh-who
                     SSH_WHO_HOST=127.0.0.1
                     SSH_WHO_PORT=%d
                     SSH_WHO_TIMEOUT=2
                     """.formatted(closed))).startForeground()) {
            Client.exchange(port, "a");
            daemon.awaitLog("ssh-who cannot reach 127.0.0.1", Duration.ofSeconds(15));
            Thread.sleep(2000);
            assertEquals(List.of("start"), events(daemon));
            assertFalse(daemon.log().contains("unknown key SSH_WHO"), daemon.log());
        }
    }

    private static List<String> events(DaemonHarness daemon) {
        return daemon.lines("events");
    }
}
