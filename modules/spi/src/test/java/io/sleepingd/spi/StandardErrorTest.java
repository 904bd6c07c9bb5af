package io.sleepingd.spi;

import static io.sleepingd.spi.Processes.GENEROUS;
import static io.sleepingd.spi.Processes.shell;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Standard error goes to the command's error log line by line, bounded: a line is cut at 1000 bytes
 * without the rest ever being held, and a run logs at most 100 lines, then one line counting the
 * others. The tests run with a 96 MB heap (modules/spi/pom.xml), so that holding a huge line fails.
 */
@Timeout(120)
class StandardErrorTest {
    private final List<String> log = new CopyOnWriteArrayList<>();

    @Test
    void eachLineGoesToTheErrorLog() throws Exception {
        CommandRunner.run(shell("echo 'oops, a warning' >&2; echo answer; echo more >&2", GENEROUS, log));

        assertEquals(List.of("oops, a warning", "more"), log);
    }

    @Test
    void theResultHoldsTheLinesLoggedButNotInTheOutput() throws Exception {
        CommandResult result = CommandRunner.run(shell("echo no such container >&2; echo answer", GENEROUS, log));

        assertAll(
                () -> assertEquals(List.of("no such container"), result.errorLines()),
                () -> assertEquals("answer\n", result.output()));
    }

    @Test
    void aLongLineIsCutAtOneThousandBytes() throws Exception {
        CommandRunner.run(shell("{ head -c 5000 /dev/zero | tr '\\0' x; echo; echo next; } >&2", GENEROUS, log));

        assertEquals(List.of("x".repeat(1000) + "...", "next"), log);
    }

    @Test
    void hundredsOfMegabytesWithoutANewlineAreOneCutLine() throws Exception {
        // 300 MB in one line: more than the test's whole heap, so reading it as a line would fail.
        CommandResult result = CommandRunner.run(shell("head -c 300000000 /dev/zero >&2; exit 3", GENEROUS, log));

        assertAll(
                () -> assertEquals(3, result.exitStatus(), "exit status"),
                () -> assertEquals(List.of("\0".repeat(1000) + "..."), log));
    }

    @Test
    void atMostAHundredLinesAreLoggedThenOneLineCountsTheRest() throws Exception {
        CommandRunner.run(shell("seq 1 250 >&2", GENEROUS, log));

        List<String> expected = new java.util.ArrayList<>(IntStream.rangeClosed(1, 100).mapToObj(Integer::toString).toList());
        expected.add("(150 more lines of standard error not logged)");
        assertEquals(expected, log);
    }

    @Test
    void manyMillionsOfLinesDoNotBlockTheCommand() throws Exception {
        // 20 million empty lines, far beyond a pipe's buffer: the command ends only if they are read.
        CommandResult result = CommandRunner.run(shell("head -c 20000000 /dev/zero | tr '\\0' '\\n' >&2; echo done",
                GENEROUS, log));

        assertAll(
                () -> assertEquals("done", result.firstLine()),
                () -> assertEquals("(19999900 more lines of standard error not logged)", log.getLast()));
    }
}
