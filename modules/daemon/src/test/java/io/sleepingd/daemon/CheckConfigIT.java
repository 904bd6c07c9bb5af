package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** check-config prints effective settings; bad configuration stops everything with FILE:LINE messages. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CheckConfigIT {
    @TempDir
    Path dir;

    @Test
    void checkConfigPrintsEverySettingOfEveryServiceWithInheritanceAndDefaultsApplied() throws Exception {
        DaemonHarness daemon = DaemonHarness.with(dir, """
                IDLE_TIME=30
                [Web]
                PORT=10080
                START_CMD="date +%s; echo '127.0.0.1 8080'"
                [Off]
                ACTIVE=no
                PORT=10081
                """);
        DaemonHarness.Cli check = daemon.cli("check-config");
        assertEquals(0, check.exitStatus(), check.err());
        String web = check.out().substring(check.out().indexOf("[Web]"), check.out().indexOf("[Off]"));
        assertTrue(web.contains("\nIDLE_TIME=30\n"), web);
        assertTrue(web.contains("\nIDLE_CHECK_INTERVAL=10\n"), web);
        assertTrue(web.contains("\nWAKE_TIMEOUT=60\n"), web);
        assertTrue(web.contains("\nSTOP_CMD=false\n"), web);
        assertTrue(web.contains("\nSTART_CMD=\"date +%s; echo '127.0.0.1 8080'\"\n"), web);
        assertTrue(check.out().contains("[Off]\n# " + daemon.config + ":6 (inactive)"), check.out());
    }

    @Test
    void aConfigurationErrorIsReportedWithFileAndLineAndNothingStarts() throws Exception {
        try (ServerSocket probe = new ServerSocket(0)) {
            int port = probe.getLocalPort();
            probe.close();
            DaemonHarness daemon = DaemonHarness.with(dir, """
                    [One]
                    PORT=%d
                    [Two]
                    PORT=%d
                    IDLE_TIME=ten
                    """.formatted(port, port));
            DaemonHarness.Cli run = daemon.cli("run");
            assertEquals(1, run.exitStatus());
            assertTrue(run.err().contains(daemon.config + ":6: IDLE_TIME 'ten' is not a whole number of seconds"),
                    run.err());
            assertTrue(run.err().contains(daemon.config + ":5: port " + port + " is already used by service 'One'"),
                    run.err());
            assertTrue(run.err().contains("nothing started"), run.err());
            assertTrue(Files.notExists(dir.resolve("run").resolve("control.sock")));
        }
    }

    @Test
    void aUserThatDoesNotExistIsAConfigurationErrorNotAFallbackToRoot() throws Exception {
        DaemonHarness daemon = DaemonHarness.with(dir, """
                [Web]
                PORT=10080
                USER=no-such-user-here
                """);
        DaemonHarness.Cli check = daemon.cli("check-config");
        assertEquals(1, check.exitStatus());
        assertTrue(check.err().contains(daemon.config + ":4: USER 'no-such-user-here' does not exist"), check.err());
    }

    @Test
    void aMissingConfigurationFileIsAnError() throws Exception {
        DaemonHarness.Cli check = DaemonHarness.run(dir, DaemonHarness.command("check-config", "-f",
                dir.resolve("missing.conf").toString()));
        assertEquals(1, check.exitStatus());
        assertTrue(check.err().contains(dir.resolve("missing.conf") + ": no such file"), check.err());
    }

    @Test
    void theDockerExampleIsAcceptedByTheDockerProvider() throws Exception {
        Path example = Path.of(System.getProperty("sleepingd.examples"), "docker", "sleepingd.conf");
        Path run = Files.writeString(dir.resolve("run.conf"), "VARRUN_PATH=" + dir.resolve("run") + "\n");
        DaemonHarness.Cli check = DaemonHarness.run(dir, DaemonHarness.command("check-config", "-f", run.toString(),
                "-f", example.toString()));
        assertEquals(0, check.exitStatus(), check.err());
        assertTrue(check.out().contains("DOCKER_CONTAINERS=\"sleepingnode1 sleepingnode2\""), check.out());
        assertTrue(!check.err().contains("unknown key"), check.err());
    }
}
