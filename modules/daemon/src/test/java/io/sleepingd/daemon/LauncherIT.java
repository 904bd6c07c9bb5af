package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher at the top of the tree ({@code ./sleepingd}) after a plain {@code mvn package}: the
 * module path is current, so it runs the daemon without building, and prints only what the daemon
 * prints. (It once rebuilt after every {@code mvn package} and let Maven's colour codes and the
 * package's path into its output.)
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LauncherIT {
    private static final Path LAUNCHER = Path.of(System.getProperty("sleepingd.root"), "sleepingd");

    @TempDir
    Path dir;

    @Test
    void afterAPackageTheLauncherRunsTheDaemonWithoutBuildingAndPrintsOnlyItsOutput() throws Exception {
        DaemonHarness.Cli direct = DaemonHarness.run(dir, DaemonHarness.command("--version"));

        DaemonHarness.Cli launched = DaemonHarness.run(dir, List.of(LAUNCHER.toString(), "--version"));

        assertEquals(0, launched.exitStatus(), launched.err());
        assertEquals("", launched.err(), "nothing on standard error: no build, no Maven output");
        assertEquals(direct.out(), launched.out());
    }
}
