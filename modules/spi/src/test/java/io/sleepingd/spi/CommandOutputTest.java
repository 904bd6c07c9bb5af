package io.sleepingd.spi;

import static io.sleepingd.spi.Processes.killIfSaved;
import static io.sleepingd.spi.Processes.shell;
import static io.sleepingd.spi.Processes.sq;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a command sees and what its result holds: standard input empty, the environment added, a
 * session of its own, standard output kept up to the limit (its first line alone, or all of it).
 */
@Timeout(60)
class CommandOutputTest {
    @TempDir
    Path dir;

    @Test
    void standardInputIsEmpty() throws Exception {
        // With any other standard input cat would wait for more (and the test would time out).
        assertEquals("0\n", CommandRunner.run(shell("cat | wc -c")).output());
    }

    @Test
    void exitStatusIsTheCommands() throws Exception {
        assertEquals(7, CommandRunner.run(shell("exit 7")).exitStatus());
    }

    @Test
    void environmentAdditionsReachTheCommand() throws Exception {
        Command command = shell("echo \"$SLEEPINGD_SERVICE\"").withEnvironment(Map.of("SLEEPINGD_SERVICE", "web"));

        assertEquals("web", CommandRunner.run(command).firstLine());
    }

    @Test
    void eachRunCarriesAnIdOfItsOwnInItsEnvironment() throws Exception {
        String first = CommandRunner.run(shell("echo \"$SLEEPINGD_COMMAND_ID\"")).firstLine();
        String second = CommandRunner.run(shell("echo \"$SLEEPINGD_COMMAND_ID\"")).firstLine();

        assertAll(
                () -> assertFalse(first.isBlank(), "no SLEEPINGD_COMMAND_ID"),
                () -> assertNotEquals(first, second));
    }

    @Test
    void commandLeadsASessionAndProcessGroupOfItsOwn() throws Exception {
        // /proc/PID/stat: pid (comm) state ppid pgrp session ...
        CommandResult result = CommandRunner.run(shell("set -- $(cat /proc/$$/stat); echo \"$1 $5 $6\""));

        String pid = result.firstLine().split(" ")[0];
        assertEquals(pid + " " + pid + " " + pid, result.firstLine());
    }

    @Test
    void completeOutputKeepsEveryLine() throws Exception {
        CommandResult result = CommandRunner.run(shell("echo one; echo two"));

        assertAll(
                () -> assertEquals("one\ntwo\n", result.output()),
                () -> assertEquals("one", result.firstLine()));
    }

    @Test
    void firstLineOnlyKeepsTheFirstLineWithoutItsNewline() throws Exception {
        CommandResult result = CommandRunner.run(shell("echo one; echo two").withFirstLineOnly());

        assertAll(
                () -> assertEquals("one", result.output()),
                () -> assertTrue(result.firstLineTerminated(), "first line terminated"));
    }

    @Test
    void firstLineWithoutNewlineIsNotTerminated() throws Exception {
        CommandResult result = CommandRunner.run(shell("printf '127.0.0.1 80'").withFirstLineOnly());

        assertAll(
                () -> assertEquals("127.0.0.1 80", result.firstLine()),
                () -> assertFalse(result.firstLineTerminated(), "first line terminated"));
    }

    @Test
    void outputIsKeptOnlyUpToTheLimit() throws Exception {
        CommandResult result = CommandRunner.run(shell("head -c 5000 /dev/zero | tr '\\0' x").withOutputLimit(1000));

        assertEquals("x".repeat(1000), result.output());
    }

    @Test
    void aNewlineBeyondTheLimitStillEndsTheFirstLine() throws Exception {
        CommandResult result = CommandRunner.run(
                shell("head -c 5000 /dev/zero | tr '\\0' x; echo; echo second").withOutputLimit(1000).withFirstLineOnly());

        assertAll(
                () -> assertEquals("x".repeat(1000), result.firstLine()),
                () -> assertTrue(result.firstLineTerminated(), "first line terminated"));
    }

    @Test
    void outputFarBeyondTheLimitDoesNotBlockTheCommand() throws Exception {
        // 10 MB after the first line: the command can only exit if its output keeps being read.
        CommandResult result = CommandRunner.run(shell("echo 127.0.0.1 80; head -c 10000000 /dev/zero; exit 5"));

        assertAll(
                () -> assertEquals(5, result.exitStatus(), "exit status"),
                () -> assertEquals("127.0.0.1 80", result.firstLine(), "first line"));
    }

    @Test
    void theFirstLineIsAnsweredWhileABackgroundChildStillHoldsStandardOutput() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        // The child keeps the output pipe open for 300 s; the answer must not wait for it.
        try {
            CommandResult result = CommandRunner.run(
                    shell("( sleep 300 & echo $! > " + sq(pidFile) + " ); echo 127.0.0.1 80").withFirstLineOnly());

            assertEquals("127.0.0.1 80", result.firstLine());
        } finally {
            killIfSaved(pidFile);
        }
    }

    @Test
    void completeOutputIsAnsweredWhileABackgroundChildStillHoldsStandardOutput() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        try {
            CommandResult result = CommandRunner.run(
                    shell("( sleep 300 & echo $! > " + sq(pidFile) + " ); echo one; echo two"));

            assertEquals("one\ntwo\n", result.output());
        } finally {
            killIfSaved(pidFile);
        }
    }

    @Test
    void aProgramNotOnPathCannotBeRun() {
        Command command = Command.of("'no-such-program-sleepingd who'", List.of("no-such-program-sleepingd", "who"),
                Processes.GENEROUS, line -> { });

        BackendException e = assertThrows(BackendException.class, () -> CommandRunner.run(command));

        assertTrue(e.getMessage().startsWith(
                "cannot run 'no-such-program-sleepingd who': no executable 'no-such-program-sleepingd' on PATH"),
                e.getMessage());
    }

    @Test
    void aMissingProgramPathCannotBeRun() {
        Command command = Command.of("the docker command '/nonexistent/docker'", List.of("/nonexistent/docker", "ps"),
                Processes.GENEROUS, line -> { });

        BackendException e = assertThrows(BackendException.class, () -> CommandRunner.run(command));

        assertEquals("cannot run the docker command '/nonexistent/docker': '/nonexistent/docker' is not an executable file",
                e.getMessage());
    }
}
