package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wake that fails closes the waiting clients with a log line naming the service and the cause,
 * and the next connection tries again.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WakeFailureIT {
    @TempDir
    Path dir;

    /** START_CMD fails the first time (doing {@code firstTime}) and works the second. */
    private String failingOnce(int port, TestBackend backend, String firstTime) {
        return """
                [Flaky]
                BIND=127.0.0.1
                PORT=%d
                START_CMD="if [ -e %s/failed ]; then echo %s; else touch %s/failed; %s; fi"
                """.formatted(port, dir, backend.address(), dir, firstTime);
    }

    @Test
    void startCmdExitingNonZeroClosesTheClientAndTheNextConnectionWakesAgain() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, failingOnce(port, backend, "echo 127.0.0.1 1; exit 3"))
                     .startForeground()) {
            assertEquals("", Client.exchangeOrClosed(port, "first"));
            daemon.awaitLog("service 'Flaky': wake failed", Duration.ofSeconds(10));
            assertTrue(daemon.log().contains("START_CMD exited with status 3"), daemon.log());
            assertTrue(daemon.log().contains("service 'Flaky': closing connection from 127.0.0.1:"), daemon.log());
            assertEquals("echo:second", Client.exchange(port, "second"));
        }
    }

    @Test
    void startCmdPrintingExtraFieldsIsAnErrorNamingWhatItPrinted() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, failingOnce(port, backend, "echo 127.0.0.1 80 extra"))
                     .startForeground()) {
            assertEquals("", Client.exchangeOrClosed(port, "first"));
            daemon.awaitLog("START_CMD printed '127.0.0.1 80 extra' (3 fields); expected a line 'IP PORT'",
                    Duration.ofSeconds(10));
            assertEquals("echo:second", Client.exchange(port, "second"));
        }
    }

    @Test
    void startCmdOutputWithoutANewlineIsAnError() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, failingOnce(port, backend, "printf '127.0.0.1 80'"))
                     .startForeground()) {
            assertEquals("", Client.exchangeOrClosed(port, "first"));
            daemon.awaitLog("START_CMD printed '127.0.0.1 80' without a newline", Duration.ofSeconds(10));
            assertEquals("echo:second", Client.exchange(port, "second"));
        }
    }

    @Test
    void startCmdPassingItsTimeoutIsKilledWithItsChildren() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, failingOnce(port, backend,
                     "sleep 300 & echo $! > " + dir + "/child; wait") + "START_CMD_TIMEOUT=1\n").startForeground()) {
            assertEquals("", Client.exchangeOrClosed(port, "first"));
            daemon.awaitLog("START_CMD did not finish within 1 s; killed it and its child processes",
                    Duration.ofSeconds(10));
            long child = Long.parseLong(Files.readString(dir.resolve("child")).strip());
            daemon.await("the background sleep to be killed", Duration.ofSeconds(10),
                    () -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
            assertEquals("echo:second", Client.exchange(port, "second"));
        }
    }

    @Test
    void aBackendThatNeverAcceptsClosesTheClientAfterWakeTimeoutAndTheNextConnectionTriesAgain() throws Exception {
        int port = DaemonHarness.freePort();
        int silentPort = DaemonHarness.freePort();
        try (DaemonHarness daemon = DaemonHarness.with(dir, """
                [Never ready]
                BIND=127.0.0.1
                PORT=%d
                WAKE_TIMEOUT=2
                START_CMD="echo start >> %s/starts; echo 127.0.0.1 %d"
                """.formatted(port, dir, silentPort)).startForeground()) {
            assertEquals("", Client.exchangeOrClosed(port, "first"));
            assertTrue(daemon.log().contains("service 'Never ready': backend 127.0.0.1:" + silentPort
                    + " did not accept within WAKE_TIMEOUT (2 s)"), daemon.log());
            try (TestBackend backend = TestBackend.listen(silentPort,
                    request -> TestBackend.concat("now:".getBytes(), request))) {
                assertEquals("now:second", Client.exchange(port, "second"));
            }
            // START_CMD's backend came up late, by itself: it was reached without starting it again.
            assertEquals(1, daemon.lines("starts").size());
        }
    }

    @Test
    void aBackendThatGoesAwayWhileAwakeIsWokenAgain() throws Exception {
        int port = DaemonHarness.freePort();
        int backendPort = DaemonHarness.freePort();
        try (DaemonHarness daemon = DaemonHarness.with(dir, """
                [Restarted]
                BIND=127.0.0.1
                PORT=%d
                START_CMD="echo start >> %s/starts; echo 127.0.0.1 %d"
                """.formatted(port, dir, backendPort)).startForeground()) {
            try (TestBackend first = TestBackend.listen(backendPort, request -> "first".getBytes())) {
                assertEquals("first", Client.exchange(port, "x"));
            }
            // The backend is gone: the next connection is refused by it, so the service wakes it again.
            CompletableFuture<TestBackend> second = CompletableFuture.supplyAsync(() -> {
                try {
                    Thread.sleep(1000);
                    return TestBackend.listen(backendPort, request -> "second".getBytes());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                assertEquals("second", Client.exchange(port, "y"));
            } finally {
                second.get(10, TimeUnit.SECONDS).close();
            }
            assertTrue(daemon.log().contains("service 'Restarted': backend 127.0.0.1:" + backendPort
                    + " did not accept"), daemon.log());
            assertEquals(2, daemon.lines("starts").size());
        }
    }

    @Test
    void repeatedFailedWakesAreSpacedOutSoAClientCannotRunStartCmdAtWill() throws Exception {
        int port = DaemonHarness.freePort();
        try (DaemonHarness daemon = DaemonHarness.with(dir, """
                [Broken]
                BIND=127.0.0.1
                PORT=%d
                START_CMD="date +%%s%%N >> %s/starts; exit 1"
                """.formatted(port, dir)).startForeground()) {
            for (int i = 0; i < 3; i++) {
                assertEquals("", Client.exchangeOrClosed(port, "again"));
            }
            daemon.awaitLog("the next wake may start in 2 s", Duration.ofSeconds(10));
            var starts = daemon.lines("starts").stream().map(Long::parseLong).toList();
            assertEquals(3, starts.size());
            assertTrue(starts.get(1) - starts.get(0) >= 900_000_000L, "a pause of 1 s after the first failure");
            assertTrue(starts.get(2) - starts.get(1) >= 1_900_000_000L, "then 2 s");
        }
    }

    @Test
    void aStartCmdThatHangsIsInterruptedAfterWakeTimeoutAndTheNextConnectionTriesAgain() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, failingOnce(port, backend, "sleep 300")
                     + "WAKE_TIMEOUT=2\n").startForeground()) {
            assertEquals("", Client.exchangeOrClosed(port, "first"));
            daemon.awaitLog("service 'Flaky': wake failed", Duration.ofSeconds(10));
            daemon.awaitLog("WAKE_TIMEOUT (2 s) passed", Duration.ofSeconds(1));
            assertFalse(daemon.log().contains("daemon stopping"), "the daemon was not stopping");
            // the second connection's WAKE_TIMEOUT (2 s) must not start inside the 1 s back-off, or a busy
            // machine leaves its wake too little time
            daemon.await("the back-off after the failed wake to end", Duration.ofSeconds(10),
                    () -> daemon.statusField("Flaky", "backoffSeconds").equals("null"));
            assertEquals("echo:second", Client.exchange(port, "second"));
        }
    }

    @Test
    void aBackendStartedForClientsThatAllGaveUpIsStillPutBackToSleep() throws Exception {
        int port = DaemonHarness.freePort();
        int silentPort = DaemonHarness.freePort();
        try (DaemonHarness daemon = DaemonHarness.with(dir, """
                [Slow boot]
                BIND=127.0.0.1
                PORT=%d
                WAKE_TIMEOUT=1
                START_CMD="echo start >> %s/events; echo 127.0.0.1 %d"
                STOP_CMD="echo stop >> %s/events"
                IDLE_TIME=1
                IDLE_CHECK_INTERVAL=1
                """.formatted(port, dir, silentPort, dir)).startForeground()) {
            assertEquals("", Client.exchangeOrClosed(port, "nobody answers"));
            daemon.await("STOP_CMD for the backend START_CMD started", Duration.ofSeconds(15),
                    () -> daemon.lines("events").contains("stop"));
            assertEquals(java.util.List.of("start", "stop"), daemon.lines("events"));
        }
    }
}
