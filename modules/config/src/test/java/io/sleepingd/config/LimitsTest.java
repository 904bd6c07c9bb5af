package io.sleepingd.config;

import static io.sleepingd.config.ConfigFiles.load;
import static io.sleepingd.config.ConfigFiles.problems;
import static io.sleepingd.config.ConfigFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bounds that keep any configuration within the daemon's memory: 1000 services, 100 keys per
 * section, and 100 listed errors and warnings.
 */
class LimitsTest {
    @TempDir
    Path dir;

    @Test
    void aThousandServicesAreAccepted() throws Exception {
        Path file = write(dir, "sleepingd.conf", services(1000));

        assertEquals(1000, load(file).services().size());
    }

    @Test
    void theServiceAfterTheThousandthIsRefusedAtItsHeader() {
        Path file = write(dir, "sleepingd.conf", services(1001)); // two lines each: the last header is line 2001

        assertEquals(List.of(file + ":2001: more than 1000 services, the limit for a configuration; stopped reading"),
                problems(file));
    }

    @Test
    void aSectionSeenAgainIsNotAnotherService() throws Exception {
        Path file = write(dir, "sleepingd.conf", services(1000) + "[s1]\nSTART_CMD=again\n");

        assertEquals(1000, load(file).services().size());
    }

    @Test
    void theHundredAndFirstKeyOfAServiceIsRefused() {
        Path file = write(dir, "sleepingd.conf", "[web]\nPORT=1\n" + keys(100)); // K100 is key 101, on line 102

        assertEquals(List.of(file + ":102: more than 100 keys in section 'web', the limit for a section; stopped reading"),
                problems(file));
    }

    @Test
    void theHundredAndFirstKeyOfTheGeneralSectionIsRefused() {
        Path file = write(dir, "sleepingd.conf", keys(101) + "[web]\nPORT=1\n");

        assertEquals(List.of(file + ":101: more than 100 keys in the general section, the limit for a section; "
                + "stopped reading"), problems(file));
    }

    @Test
    void aKeySetAgainIsNotAnotherKey() throws Exception {
        Path file = write(dir, "sleepingd.conf", "[web]\n" + "PORT=1\n".repeat(500));

        assertEquals(1, load(file).services().getFirst().port());
    }

    @Test
    void errorsAfterTheHundredthAreCountedNotListed() {
        Path file = write(dir, "sleepingd.conf", "garbage\n".repeat(150));

        List<String> expected = new ArrayList<>();
        IntStream.rangeClosed(1, 100).forEach(line -> expected.add(file + ":" + line + ": expected KEY=value"));
        expected.add("... and 50 more problems not listed");
        assertEquals(expected, problems(file));
    }

    @Test
    void theCountOfProblemsIncludesTheOnesNotListed() {
        Path file = write(dir, "sleepingd.conf", "garbage\n".repeat(150));

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(List.of(file), true));

        assertEquals("150 problems", e.counted());
    }

    @Test
    void warningsAfterTheHundredthAreCountedNotListed() throws Exception {
        Path file = write(dir, "sleepingd.conf", "[web]\nPORT=1\n"
                + "SHUTDOWN_GRACE=1\n".repeat(150));

        List<String> warnings = load(file).warnings();

        assertEquals(101, warnings.size());
        assertEquals(file + ":102: SHUTDOWN_GRACE is only allowed in the general section, ignored", warnings.get(99));
        assertEquals("... and 50 more warnings not listed", warnings.get(100));
    }

    /** {@code count} services, two lines each, on ports 1 to {@code count}. */
    private static String services(int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            text.append("[s").append(i).append("]\nPORT=").append(i).append('\n');
        }
        return text.toString();
    }

    /** Assignments of {@code count} different keys that no provider declares, K1 to K{count}, one per line. */
    private static String keys(int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            text.append('K').append(i).append("=v\n");
        }
        return text.toString();
    }
}
