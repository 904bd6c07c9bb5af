package io.sleepingd.config;

import static io.sleepingd.config.ConfigFiles.problems;
import static io.sleepingd.config.ConfigFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** All that is wrong is reported at once, each where it was written. */
class ErrorReportTest {
    @TempDir
    Path dir;

    @Test
    void everyErrorOfEveryFileIsReportedTogether() {
        Path first = write(dir, "first.conf", """
                EXEC_CMD_TIMEOUT=10s
                [web]
                PORT=8080
                START_CMD=echo hi
                """);
        Path second = write(dir, "second.conf", """
                [other]
                PORT=8080
                [bad]
                PORT=80a
                """);

        assertEquals(List.of(
                first + ":4: unquoted value contains whitespace: echo hi",
                first + ":1: EXEC_CMD_TIMEOUT '10s' is not a whole number of seconds",
                second + ":4: PORT '80a' is not a port number (1-65535)",
                second + ":2: port 8080 is already used by service 'web' (" + first + ":3)"),
                problems(first, second));
    }

    @Test
    void aBrokenFileDoesNotStopTheOthersFromBeingChecked() {
        Path broken = write(dir, "broken.conf", "[web\n");
        Path missing = dir.resolve("missing.conf");
        Path bad = write(dir, "bad.conf", "[s]\nPORT=0\n");

        assertEquals(List.of(
                broken + ":1: malformed line: [web",
                missing + ": no such file",
                bad + ":2: PORT '0' is not a port number (1-65535)"), problems(broken, missing, bad));
    }
}
