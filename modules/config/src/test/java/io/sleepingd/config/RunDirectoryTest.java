package io.sleepingd.config;

import static io.sleepingd.config.ConfigFiles.load;
import static io.sleepingd.config.ConfigFiles.problems;
import static io.sleepingd.config.ConfigFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
        assertEquals(Path.of("/run/sleepingd"), RunDirectoryDefault.choose(true, "/run/user/0", "/root"));
    }

    @Test
    void otherUsersUseTheirRuntimeDirectory() {
        assertEquals(Path.of("/run/user/1000/sleepingd"),
                RunDirectoryDefault.choose(false, "/run/user/1000", "/home/ann"));
    }

    @Test
    void otherUsersWithoutRuntimeDirectoryUseTheirHome() {
        assertEquals(Path.of("/home/ann/.sleepingd.run"), RunDirectoryDefault.choose(false, null, "/home/ann"));
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
    void varrunPathInAServiceIsWarnedAndIgnored() throws Exception {
        Path file = write(dir, "sleepingd.conf", "VARRUN_PATH=/a\n[s]\nPORT=1\nVARRUN_PATH=/b\n");

        Configuration config = load(file);

        assertEquals(Path.of("/a"), config.runDirectory());
        assertEquals(List.of(file + ":4: VARRUN_PATH is only allowed in the general section, ignored"),
                config.warnings());
    }
}
