package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The verbs: start, stop, status, run; signals; the private run directory. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DaemonCommandsIT {
    @TempDir
    Path dir;

    private String service(int port, TestBackend backend) {
        return """
                [Web app]
                BIND=127.0.0.1
                PORT=%d
                START_CMD="echo start >> %s/events; echo %s"
                STOP_CMD="echo stop >> %s/events"
                """.formatted(port, dir, backend.address(), dir);
    }

    @Test
    void statusExitsThreeWhenNotRunningAndZeroWithOneLinePerServiceWhenRunning() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service(port, backend))) {
            DaemonHarness.Cli stopped = daemon.cli("status");
            assertEquals(3, stopped.exitStatus());
            assertEquals("Web app (port " + port + "): not running\n", stopped.out());

            daemon.startForeground();
            DaemonHarness.Cli asleep = daemon.cli("status");
            assertEquals(0, asleep.exitStatus());
            assertTrue(asleep.out().lines().toList().get(1).matches("Web app +" + port + " +asleep .*"), asleep.out());

            Client.exchange(port, "wake up");
            DaemonHarness.Cli awake = daemon.cli("status");
            assertTrue(awake.out().lines().toList().get(1).matches("Web app +" + port + " +awake .* 127\\.0\\.0\\.1:"
                    + backend.port()), awake.out());
        }
    }

    @Test
    void startDetachesPrintsStartedPerServiceAndStopRunsStopCmdOfAwakeServices() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service(port, backend))) {
            DaemonHarness.Cli start = daemon.cli("start");
            assertEquals(0, start.exitStatus(), start.err());
            assertEquals("Web app (port " + port + ") started\n", start.out());
            assertEquals("echo:hi", Client.exchange(port, "hi"));

            DaemonHarness.Cli stop = daemon.cli("stop");
            assertEquals(0, stop.exitStatus(), stop.err());
            assertEquals(List.of("start", "stop"), daemon.lines("events"), "STOP_CMD ran before stop returned");
            assertEquals(3, daemon.cli("status").exitStatus());
        }
    }

    @Test
    void startFailsWithoutPrintingStartedWhenAPortCannotBeBound() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"));
             TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service(taken.getLocalPort(), backend))) {
            DaemonHarness.Cli start = daemon.cli("start");
            assertEquals(1, start.exitStatus());
            assertFalse(start.out().contains("started"), start.out());
            assertTrue(start.err().contains("service 'Web app': cannot listen on 127.0.0.1 port "
                    + taken.getLocalPort()), start.err());
        }
    }

    @Test
    void sigtermStopsAwakeBackendsAndExitsZero() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service(port, backend)).startForeground()) {
            Client.exchange(port, "hi");
            daemon.process().destroy(); // SIGTERM
            assertEquals(0, daemon.awaitExit(Duration.ofSeconds(30)));
            assertEquals(List.of("start", "stop"), daemon.lines("events"));
        }
    }

    @Test
    void sigintStopsLikeSigterm() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service(port, backend)).startForeground()) {
            Client.exchange(port, "hi");
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(daemon.process().pid())).start();
            assertEquals(0, kill.waitFor());
            assertEquals(0, daemon.awaitExit(Duration.ofSeconds(30)));
            assertEquals(List.of("start", "stop"), daemon.lines("events"));
        }
    }

    @Test
    void stopDuringAWakeServesTheHeldClientThenRunsStopCmd() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, """
                     [Slow]
                     BIND=127.0.0.1
                     PORT=%d
                     START_CMD="echo start >> %s/events; sleep 2; echo %s"
                     STOP_CMD="echo stop >> %s/events"
                     """.formatted(port, dir, backend.address(), dir)).startForeground()) {
            CompletableFuture<String> held = Client.exchangeInBackground(port, "held");
            daemon.await("the wake to begin", Duration.ofSeconds(10), () -> daemon.lines("events").contains("start"));
            DaemonHarness.Cli stop = daemon.cli("stop");
            assertEquals(0, stop.exitStatus());
            assertEquals("echo:held", held.get(30, TimeUnit.SECONDS));
            assertEquals(0, daemon.awaitExit(Duration.ofSeconds(30)));
            assertEquals(List.of("start", "stop"), daemon.lines("events"));
        }
    }

    @Test
    void aWakeStillRunningWhenTheGracePeriodEndsIsInterruptedAndWhatItStartedIsStopped() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, """
                     SHUTDOWN_GRACE=1
                     [Very slow]
                     BIND=127.0.0.1
                     PORT=%d
                     START_CMD="echo start >> %s/events; sleep 300; echo %s"
                     STOP_CMD="echo stop >> %s/events"
                     """.formatted(port, dir, backend.address(), dir)).startForeground()) {
            CompletableFuture<String> held = Client.exchangeInBackground(port, "held");
            daemon.await("the wake to begin", Duration.ofSeconds(10), () -> daemon.lines("events").contains("start"));
            assertEquals(0, daemon.cli("stop").exitStatus());
            assertEquals(0, daemon.awaitExit(Duration.ofSeconds(30)));
            assertEquals(List.of("start", "stop"), daemon.lines("events"));
            assertEquals("", held.exceptionally(e -> "").get(10, TimeUnit.SECONDS));
            assertTrue(daemon.log().contains("service 'Very slow': closing connection from 127.0.0.1:"), daemon.log());
        }
    }

    @Test
    void connectionsStillOpenAfterTheGracePeriodAreClosedWithALogLine() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, "SHUTDOWN_GRACE=1\n" + service(port, backend))
                     .startForeground();
             Socket open = new Socket()) {
            open.connect(new InetSocketAddress("127.0.0.1", port));
            daemon.awaitLog("awake", Duration.ofSeconds(10));
            assertEquals(0, daemon.cli("stop").exitStatus());
            assertTrue(daemon.log().contains("service 'Web app': closing connection from 127.0.0.1:"
                    + open.getLocalPort() + ": the daemon is stopping and the grace period is over"), daemon.log());
        }
    }

    @Test
    void theRunDirectoryIsPrivate() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service(port, backend)).startForeground()) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("run"))));
        }
    }

    @Test
    void aControlSocketInARunDirectoryOthersCanWriteIsNotTrusted() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service(port, backend))) {
            Files.createDirectory(dir.resolve("run"));
            Files.setPosixFilePermissions(dir.resolve("run"), PosixFilePermissions.fromString("rwxrwxrwx"));
            DaemonHarness.Cli status = daemon.cli("status");
            assertEquals(1, status.exitStatus());
            assertTrue(status.err().contains("is mode rwxrwxrwx, not rwx------; its control socket is not trusted"),
                    status.err());
        }
    }

    @Test
    void aSecondDaemonOnTheSameRunDirectoryRefusesToStart() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service(port, backend)).startForeground()) {
            DaemonHarness.Cli second = daemon.cli("run");
            assertEquals(1, second.exitStatus());
            assertTrue(second.err().contains("sleepingd is already running"), second.err());
        }
    }
}
