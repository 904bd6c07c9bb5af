package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * ON_START_IF_RUNNING: a backend that already runs when the service begins to listen (here a real
 * backend the test started, which CHECK_CMD reports) is adopted as awake, so that it sleeps after
 * IDLE_TIME though no connection came, or stopped at once; never left running unwatched.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OnStartIfRunningIT {
    @TempDir
    Path dir;

    /** Every command appends its name to {@code events}; CHECK_CMD says the backend runs at its address. */
    private String service(int port, TestBackend backend, String extra) {
        return """
                [Found]
                BIND=127.0.0.1
                PORT=%d
                CHECK_CMD="echo check >> %s/events; echo %s"
                START_CMD="echo start >> %s/events; echo %s"
                STOP_CMD="echo stop >> %s/events"
                IDLE_CHECK_INTERVAL=1
                %s
                """.formatted(port, dir, backend.address(), dir, backend.address(), dir, extra);
    }

    @Test
    void aRunningBackendIsAdoptedByDefaultAndSleepsAfterIdleTimeWithoutAnyConnection() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service(port, backend, "IDLE_TIME=2")).startForeground()) {
            daemon.await("the adopted backend's idle stop", Duration.ofSeconds(30),
                    () -> daemon.lines("events").contains("stop"));

            assertEquals(List.of("check", "stop"), daemon.lines("events"));
            assertEquals("1", daemon.statusField("Found", "stops.idle"));
        }
    }

    @Test
    void anAdoptedBackendServesTheFirstConnectionWithoutStartCmd() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service(port, backend, "IDLE_TIME=600")).startForeground()) {
            daemon.await("the backend adopted", Duration.ofSeconds(30), () -> daemon.state("Found").startsWith("awake")
                    || daemon.state("Found").startsWith("started"));

            assertEquals("echo:hello", Client.exchange(port, "hello"));
            assertEquals(List.of("check"), daemon.lines("events"));
            assertEquals("awake", daemon.state("Found"));
        }
    }

    @Test
    void withStopARunningBackendIsStoppedAtOnce() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service(port, backend,
                     "IDLE_TIME=600\nON_START_IF_RUNNING=stop")).startForeground()) {
            daemon.await("STOP_CMD", Duration.ofSeconds(30), () -> daemon.lines("events").contains("stop"));

            assertEquals(List.of("check", "stop"), daemon.lines("events"));
            assertEquals("1", daemon.statusField("Found", "stops.found_running"));
            daemon.await("asleep", Duration.ofSeconds(10), () -> daemon.state("Found").equals("asleep"));
        }
    }

    @Test
    void aBackendThatDoesNotRunIsLeftAsleep() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service(port, backend, "IDLE_TIME=1")
                     .replace("echo %s\"".formatted(backend.address()) + "\nSTART", "exit 1\"\nSTART"))
                     .startForeground()) {
            daemon.await("CHECK_CMD at start-up", Duration.ofSeconds(30), () -> daemon.lines("events").contains("check"));
            Thread.sleep(3000); // three idle checks: an adopted backend would have been stopped by now

            assertEquals(List.of("check"), daemon.lines("events"));
            assertEquals("asleep", daemon.state("Found"));
        }
    }

    @Test
    void aServiceAReloadAddsSettlesItsRunningBackendToo() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, """
                     [Other]
                     BIND=127.0.0.1
                     PORT=%d
                     """.formatted(DaemonHarness.freePort())).startForeground()) {
            Files.writeString(daemon.config, service(port, backend, "ON_START_IF_RUNNING=stop"),
                    StandardOpenOption.APPEND);
            assertEquals(0, daemon.cli("reload").exitStatus());

            daemon.await("STOP_CMD", Duration.ofSeconds(30), () -> daemon.lines("events").contains("stop"));
            assertEquals(List.of("check", "stop"), daemon.lines("events"));
        }
    }
}
