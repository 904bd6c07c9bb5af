package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * stop, status and reload only talk to the running daemon: they work while its configuration is
 * being edited into something broken, or is gone, which is when an administrator needs them most.
 * (A reload of a broken configuration is refused by the daemon itself: ReloadIT.)
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BrokenConfigurationControlIT {
    @TempDir
    Path dir;

    private static String service(int port) {
        return "[Web app]\nBIND=127.0.0.1\nPORT=" + port + "\n";
    }

    @Test
    void statusAndStopWorkWhileTheConfigurationHasProblems() throws Exception {
        int port = DaemonHarness.freePort();
        try (DaemonHarness daemon = DaemonHarness.with(dir, service(port)).startForeground()) {
            Files.writeString(daemon.config, "VARRUN_PATH=" + dir.resolve("run") + "\n[Web app]\nPORT=eighty\n");

            DaemonHarness.Cli status = daemon.cli("status");
            assertEquals(0, status.exitStatus(), status.out() + status.err());
            assertTrue(status.out().lines().anyMatch(line -> line.matches("Web app +" + port + " +asleep .*")), status.out());

            DaemonHarness.Cli stop = daemon.cli("stop");
            assertEquals("sleepingd stopped\n", stop.out(), stop.err());
            assertEquals(0, daemon.awaitExit(Duration.ofSeconds(30)));
        }
    }

    @Test
    void withRunDirNoConfigurationIsReadAtAll() throws Exception {
        int port = DaemonHarness.freePort();
        try (DaemonHarness daemon = DaemonHarness.with(dir, service(port)).startForeground()) {
            Files.delete(daemon.config);

            DaemonHarness.Cli status = DaemonHarness.run(dir, DaemonHarness.command(
                    "--run-dir", dir.resolve("run").toString(), "status"));

            assertEquals(0, status.exitStatus(), status.out() + status.err());
            assertTrue(status.out().lines().anyMatch(line -> line.matches("Web app +" + port + " +asleep .*")), status.out());
        }
    }

    @Test
    void statusOfNoDaemonWithABrokenConfigurationSaysSoWithoutNothingStarted() throws Exception {
        try (DaemonHarness daemon = DaemonHarness.with(dir, "[Web app]\nPORT=eighty\n")) {

            DaemonHarness.Cli status = daemon.cli("status");

            assertEquals(Main.NOT_RUNNING, status.exitStatus(), status.out() + status.err());
            assertEquals("sleepingd is not running (and the configuration has 1 problem: see sleepingd"
                    + " check-config)\n", status.out());
        }
    }
}
