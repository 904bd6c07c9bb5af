package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
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

        // No Maven on its PATH: a launcher that tried to build would fail here rather than rebuild the
        // module path under the other tests' feet.
        ProcessBuilder launcher = new ProcessBuilder(LAUNCHER.toString(), "--version").directory(dir.toFile());
        launcher.environment().put("PATH", toolsWithoutMaven().toString());
        Process launched = launcher.redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile()).start();
        launched.getOutputStream().close();
        assertTrue(launched.waitFor(60, TimeUnit.SECONDS), "the launcher finished");

        assertEquals(0, launched.exitValue(), Files.readString(dir.resolve("err")));
        assertEquals("", Files.readString(dir.resolve("err")), "nothing on standard error: no build, no Maven output");
        assertEquals(direct.out(), Files.readString(dir.resolve("out")));
    }

    /** The tools the launcher uses, and not Maven. */
    private Path toolsWithoutMaven() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String tool : List.of("bash", "readlink", "dirname", "basename", "find", "sed", "mktemp", "cat", "rm",
                "touch")) {
            Files.createSymbolicLink(bin.resolve(tool), Path.of("/usr/bin", tool).toRealPath());
        }
        return bin;
    }
}
