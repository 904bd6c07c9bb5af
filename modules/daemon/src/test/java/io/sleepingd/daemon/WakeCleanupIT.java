package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a failed or abandoned wake started is stopped again (issue 11), with the shell provider: a
 * START_CMD that starts its backend and then fails, that WAKE_TIMEOUT interrupts, or that the daemon's
 * stop interrupts, is followed by STOP_CMD before the service is asleep. The backend here is a process
 * START_CMD starts outside its own process tree (a new session, an empty environment, reparented), as a
 * VM or a container started through a manager would be: killing START_CMD does not reach it, only
 * STOP_CMD does.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WakeCleanupIT {
    @TempDir
    Path dir;
    private Path pidFile;

    /** Kills the test's backend if a failing test left it running. */
    @AfterEach
    void killBackend() throws IOException {
        if (pidFile != null && Files.exists(pidFile)) {
            ProcessHandle.of(backendPid()).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** Shell that starts the backend (a long sleep) out of START_CMD's reach and records its pid. */
    private String startBackend() {
        pidFile = dir.resolve("backend.pid");
        return "echo start >> " + dir + "/events; ( env -i setsid sleep 300 >/dev/null 2>&1 </dev/null & echo $! > "
                + pidFile + " )";
    }

    /** STOP_CMD: records the stop and kills the backend. */
    private String stopBackend() {
        return "echo stop >> " + dir + "/events; kill $(cat " + pidFile + ")";
    }

    private String service(int port, String startRest, String keys) {
        String start = startBackend();
        return """
                [Cleanup]
                BIND=127.0.0.1
                PORT=%d
                START_CMD="%s; %s"
                STOP_CMD="%s"
                %s
                """.formatted(port, start, startRest, stopBackend(), keys);
    }

    private long backendPid() throws IOException {
        return Long.parseLong(Files.readString(pidFile).strip());
    }

    /** Whether the backend process runs: it exists and is not a zombie (this machine's init may not reap). */
    private boolean backendRuns() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(backendPid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false; // no such process
        }
    }

    private void awaitBackendStarted(DaemonHarness daemon) throws Exception {
        daemon.await("START_CMD to start the backend", Duration.ofSeconds(30),
                () -> Files.exists(pidFile) && backendRuns());
    }

    @Test
    void aStartCmdThatFailsAfterStartingItsBackendIsFollowedByStopCmd() throws Exception {
        int port = DaemonHarness.freePort();
        try (DaemonHarness daemon = DaemonHarness.with(dir, service(port, "exit 1", "")).startForeground()) {
            assertEquals("", Client.exchangeOrClosed(port, "first"));

            daemon.await("the backend to be stopped", Duration.ofSeconds(30), () -> !backendRuns());
            assertEquals(List.of("start", "stop"), daemon.lines("events"));
            daemon.await("the service to be asleep", Duration.ofSeconds(30),
                    () -> daemon.state("Cleanup").equals("asleep"));
        }
    }

    @Test
    void aStartCmdInterruptedAtWakeTimeoutIsFollowedByStopCmd() throws Exception {
        int port = DaemonHarness.freePort();
        try (DaemonHarness daemon = DaemonHarness.with(dir, service(port, "sleep 300", "WAKE_TIMEOUT=2"))
                .startForeground()) {
            assertEquals("", Client.exchangeOrClosed(port, "first"));

            daemon.await("the backend to be stopped", Duration.ofSeconds(30), () -> !backendRuns());
            assertEquals(List.of("start", "stop"), daemon.lines("events"));
        }
    }

    @Test
    void aWakeAbandonedBecauseTheDaemonStopsIsFollowedByStopCmd() throws Exception {
        int port = DaemonHarness.freePort();
        try (DaemonHarness daemon = DaemonHarness.with(dir, service(port, "sleep 300",
                "WAKE_TIMEOUT=100\nSHUTDOWN_GRACE=1")).startForeground()) {
            CompletableFuture<String> client = Client.exchangeInBackground(port, "held");
            awaitBackendStarted(daemon);

            assertEquals(0, daemon.cli("stop").exitStatus());

            assertFalse(backendRuns(), "stopped before 'sleepingd stop' returned");
            assertEquals(List.of("start", "stop"), daemon.lines("events"));
            assertEquals(0, daemon.awaitExit(Duration.ofSeconds(30)));
            client.handle((answer, failure) -> null).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aBackendThatNeverAcceptedIsStoppedWhenTheDaemonStops() throws Exception {
        int port = DaemonHarness.freePort();
        int silentPort = DaemonHarness.freePort();
        try (DaemonHarness daemon = DaemonHarness.with(dir, service(port, "echo 127.0.0.1 " + silentPort,
                "WAKE_TIMEOUT=1")).startForeground()) {
            assertEquals("", Client.exchangeOrClosed(port, "nobody answers"));
            assertEquals("started, not accepting", daemon.state("Cleanup"));

            assertEquals(0, daemon.cli("stop").exitStatus());

            assertFalse(backendRuns());
            assertEquals(List.of("start", "stop"), daemon.lines("events"));
        }
    }

    @Test
    void aStopCmdThatFailsAfterAFailedWakeIsLoggedWithTheServiceNameAndTheServiceIsAsleep() throws Exception {
        int port = DaemonHarness.freePort();
        try (DaemonHarness daemon = DaemonHarness.with(dir, """
                [Cleanup]
                BIND=127.0.0.1
                PORT=%d
                START_CMD="echo start >> %s/events; exit 1"
                STOP_CMD="echo stop >> %s/events; exit 4"
                """.formatted(port, dir, dir)).startForeground()) {
            assertEquals("", Client.exchangeOrClosed(port, "first"));

            daemon.awaitLog("service 'Cleanup': stop failed", Duration.ofSeconds(30));
            assertTrue(daemon.log().contains("STOP_CMD exited with status 4"), daemon.log());
            assertEquals(List.of("start", "stop"), daemon.lines("events"));
            daemon.await("the service to be asleep", Duration.ofSeconds(30),
                    () -> daemon.state("Cleanup").equals("asleep"));
        }
    }
}
