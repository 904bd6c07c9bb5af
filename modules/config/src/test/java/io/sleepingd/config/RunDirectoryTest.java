package io.sleepingd.config;

import static io.sleepingd.config.ConfigFiles.load;
import static io.sleepingd.config.ConfigFiles.problems;
import static io.sleepingd.config.ConfigFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code VARRUN_PATH}: the private directory for the control socket. */
class RunDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void rootUsesRunSleepingd() {
        assertEquals(Path.of("/run/sleepingd"), RunDirectoryDefault.choose(null, true, "/run/user/0", "/root"));
    }

    @Test
    void aDaemonSystemdMadeARuntimeDirectoryForUsesItWhoeverItRunsAs() {
        assertEquals(Path.of("/run/sleepingd"),
                RunDirectoryDefault.choose("/run/sleepingd", false, "/run/user/998", "/nonexistent"));
    }

    @Test
    void otherUsersUseTheirRuntimeDirectory() {
        assertEquals(Path.of("/run/user/1000/sleepingd"),
                RunDirectoryDefault.choose(null, false, "/run/user/1000", "/home/ann"));
    }

    @Test
    void otherUsersWithoutRuntimeDirectoryUseTheirHome() {
        assertEquals(Path.of("/home/ann/.sleepingd.run"), RunDirectoryDefault.choose(null, false, null, "/home/ann"));
    }

    @Test
    void withoutVarrunPathTheDefaultForThisProcessIsUsed() throws Exception {
        Configuration config = load(write(dir, "sleepingd.conf", "[s]\nPORT=1\n"));

        assertEquals(RunDirectoryDefault.forThisProcess(), config.runDirectory());
    }

    @Test
    void varrunPathIsTakenFromTheGeneralSection() throws Exception {
        Configuration config = load(write(dir, "sleepingd.conf", "VARRUN_PATH=/var/lib/sd\n[s]\nPORT=1\n"));

        assertEquals(Path.of("/var/lib/sd"), config.runDirectory());
        assertFalse(config.services().getFirst().values().containsKey("VARRUN_PATH"), "a daemon-wide setting");
    }

    @Test
    void blankVarrunPathMeansTheDefault() throws Exception {
        Configuration config = load(write(dir, "sleepingd.conf", "VARRUN_PATH=\n[s]\nPORT=1\n"));

        assertEquals(RunDirectoryDefault.forThisProcess(), config.runDirectory());
    }

    @Test
    void relativeVarrunPathIsAnError() {
        Path file = write(dir, "sleepingd.conf", "VARRUN_PATH=run/sd\n");

        assertEquals(List.of(file + ":1: VARRUN_PATH 'run/sd' is not an absolute path"), problems(file));
    }

    @Test
    void varrunPathThatDoesNotExistYetIsAccepted() throws Exception {
        Path run = dir.resolve("not/yet/sleepingd");
        Path file = write(dir, "sleepingd.conf", "VARRUN_PATH=" + run + "\n");

        assertEquals(run, load(file).runDirectory());
    }

    @Test
    void varrunPathThatIsARegularFileIsAnError() {
        Path regular = write(dir, "a-file", "");
        Path file = write(dir, "sleepingd.conf", "VARRUN_PATH=" + regular + "\n");

        assertEquals(List.of(file + ":1: VARRUN_PATH '" + regular + "' is not a directory (a regular file)"),
                problems(file));
    }

    @Test
    void varrunPathDevNullIsAnError() {
        Path file = write(dir, "sleepingd.conf", "VARRUN_PATH=/dev/null\n");

        assertEquals(List.of(file + ":1: VARRUN_PATH '/dev/null' is not a directory (a character device)"),
                problems(file));
    }

    @Test
    void varrunPathInProcIsAnError() {
        Path file = write(dir, "sleepingd.conf", "VARRUN_PATH=/proc/self\n");

        assertEquals(List.of(file + ":1: VARRUN_PATH '/proc/self' lies on a kernel file system (/proc)"),
                problems(file));
    }

    @Test
    void varrunPathThatWouldBeCreatedInSysIsAnError() {
        Path file = write(dir, "sleepingd.conf", "VARRUN_PATH=/sys/sleepingd\n");

        assertEquals(List.of(file + ":1: VARRUN_PATH '/sys/sleepingd' lies on a kernel file system (/sys)"),
                problems(file));
    }

    @Test
    void varrunPathReachedThroughASymbolicLinkIntoDevIsAnError() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("/dev"));
        Path file = write(dir, "sleepingd.conf", "VARRUN_PATH=" + link.resolve("sleepingd") + "\n");

        assertEquals(List.of(file + ":1: VARRUN_PATH '" + link.resolve("sleepingd")
                + "' lies on a kernel file system (/dev)"), problems(file));
    }

    @Test
    void varrunPathInAServiceIsWarnedAndIgnored() throws Exception {
        Path file = write(dir, "sleepingd.conf", "VARRUN_PATH=/a\n[s]\nPORT=1\nVARRUN_PATH=/b\n");

        Configuration config = load(file);

        assertEquals(Path.of("/a"), config.runDirectory());
        assertEquals(List.of(file + ":4: VARRUN_PATH is only allowed in the general section, ignored"),
                config.warnings());
    }
}
