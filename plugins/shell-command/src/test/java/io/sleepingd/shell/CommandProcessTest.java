package io.sleepingd.shell;

import static io.sleepingd.shell.Fixtures.TRIGGER;
import static io.sleepingd.shell.Fixtures.awaitDeath;
import static io.sleepingd.shell.Fixtures.awaitSavedPid;
import static io.sleepingd.shell.Fixtures.escapeIntoANewSession;
import static io.sleepingd.shell.Fixtures.backend;
import static io.sleepingd.shell.Fixtures.isAlive;
import static io.sleepingd.shell.Fixtures.killIfSaved;
import static io.sleepingd.shell.Fixtures.run;
import static io.sleepingd.shell.Fixtures.savedPid;
import static io.sleepingd.shell.Fixtures.sq;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sleepingd.spi.Backend;
import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.Command;
import io.sleepingd.spi.CommandResult;
import io.sleepingd.spi.CommandTimeoutException;
import io.sleepingd.spi.Endpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a command runs: {@code /bin/sh -c}, standard input from /dev/null, standard output drained with a
 * bound, standard error apart, and a timeout that kills the whole process tree.
 */
@Timeout(60)
class CommandProcessTest {
    @TempDir
    Path dir;

    @Test
    void standardInputIsEmpty() throws Exception {
        // With any other standard input cat would wait for more (and the test would time out).
        CommandResult result = run("cat | wc -c");

        assertEquals("0", result.firstLine().strip());
    }

    @Test
    void commandIsRunByTheShellExactlyAsWritten() throws Exception {
        CommandResult result = run("printf '%s\\n' '$HOME %s \\'");

        assertEquals("$HOME %s \\", result.firstLine());
    }

    @Test
    void shellExpansionIsTheShellsOwn() throws Exception {
        CommandResult result = run("x='a  b'; echo $x \"$x\" $((6 * 7))");

        assertEquals("a b a  b 42", result.firstLine());
    }

    @Test
    void quotesAndBackslashesInStartCmdReachTheShellUnchanged() throws Exception {
        Backend backend = backend("START_CMD", "echo '$HOME %s \\' >&2; echo 127.0.0.1 80");

        assertEquals(new Endpoint("127.0.0.1", 80), backend.start(TRIGGER));
    }

    @Test
    void exitStatusIsTheShells() throws Exception {
        assertEquals(7, run("exit 7").exitStatus());
    }

    @Test
    void outputFarBeyondTheBoundDoesNotBlockTheCommand() throws Exception {
        // 10 MB after the first line: the command can only exit if its output keeps being read.
        CommandResult result = run("echo 127.0.0.1 80; head -c 10000000 /dev/zero; exit 5");

        assertAll(
                () -> assertEquals(5, result.exitStatus(), "exit status"),
                () -> assertEquals("127.0.0.1 80", result.firstLine(), "first line"));
    }

    @Test
    void firstLineIsKeptOnlyUpToTheBound() throws Exception {
        CommandResult result = run("head -c 200000 /dev/zero | tr '\\0' x; echo; echo second");

        assertAll(
                () -> assertEquals("x".repeat(Command.DEFAULT_OUTPUT_LIMIT), result.firstLine()),
                () -> assertTrue(result.firstLineTerminated(), "line terminated"));
    }

    @Test
    void standardErrorIsNotPartOfTheFirstLine() throws Exception {
        CommandResult result = run("echo 'oops, a warning' >&2; echo answer; echo more >&2");

        assertEquals("answer", result.firstLine());
    }

    @Test
    void standardErrorFarBeyondAPipeBufferDoesNotBlockTheCommand() throws Exception {
        CommandResult result = run("head -c 1000000 /dev/zero | tr '\\0' '\\n' >&2; echo answer");

        assertEquals("answer", result.firstLine());
    }

    @Test
    void timeoutIsACommandTimeoutExceptionNamingTheKeyAndTheTime() {
        ShellRunner runner = new ShellRunner("web", Optional.empty());

        CommandTimeoutException e = assertThrows(CommandTimeoutException.class,
                () -> runner.run("START_CMD", "sleep 300", Duration.ofSeconds(1), Map.of()));

        assertEquals("START_CMD did not finish within 1 s; killed it and its child processes", e.getMessage());
    }

    /** Runs {@code command} as START_CMD with a 1 s timeout; the process it saved in pidFile must die. */
    private static void assertTimeoutKillsTheSavedProcess(String command, Path pidFile) throws Exception {
        ShellRunner runner = new ShellRunner("web", Optional.empty());

        assertThrows(CommandTimeoutException.class,
                () -> runner.run("START_CMD", command, Duration.ofSeconds(1), Map.of()));

        long pid = savedPid(pidFile);
        try {
            awaitDeath(pid); // a survivor never dies and fails the @Timeout
            assertFalse(isAlive(pid));
        } finally {
            killIfSaved(pidFile);
        }
    }

    @Test
    void timeoutKillsTheCommandsBackgroundChild() throws Exception {
        Path pidFile = dir.resolve("sleep.pid");

        assertTimeoutKillsTheSavedProcess("sleep 300 & echo $! > " + sq(pidFile) + "; wait", pidFile);
    }

    @Test
    void timeoutKillsGrandchildrenToo() throws Exception {
        Path pidFile = dir.resolve("sleep.pid");

        assertTimeoutKillsTheSavedProcess("sh -c 'sleep 300 & echo $! > " + pidFile + "; wait'; wait", pidFile);
    }

    @Test
    void timeoutKillsAProcessThatDoubleForkedOutOfTheSession() throws Exception {
        Path pidFile = dir.resolve("sleep.pid");

        assertTimeoutKillsTheSavedProcess(escapeIntoANewSession(pidFile) + "sleep 1000", pidFile);
    }

    @Test
    void anInterruptedStartKillsEverythingItStartedAndSaysSoWithoutGuessingWhy() throws Exception {
        // The daemon interrupts a wake at WAKE_TIMEOUT and at shutdown; the log line before says which.
        Path pidFile = dir.resolve("sleep.pid");
        Backend backend = backend("START_CMD", escapeIntoANewSession(pidFile) + "sleep 1000");
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        Thread wake = Thread.ofVirtual().start(() -> {
            try {
                failure.complete(new AssertionError("started: " + backend.start(TRIGGER)));
            } catch (BackendException e) {
                failure.complete(e);
            }
        });
        try {
            long pid = awaitSavedPid(pidFile);
            wake.interrupt();

            assertEquals("START_CMD was interrupted; killed it and every process it started",
                    failure.get().getMessage());
            awaitDeath(pid);
        } finally {
            killIfSaved(pidFile);
        }
    }

    @Test
    void startReturnsWhileABackgroundChildStillHoldsStandardOutput() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        // The child keeps the output pipe open for 300 s; the answer must not wait for it.
        Backend backend = backend("START_CMD", "( sleep 300 & echo $! > " + sq(pidFile) + " ) ; echo 127.0.0.1 80");

        try {
            assertEquals(new Endpoint("127.0.0.1", 80), backend.start(TRIGGER));
        } finally {
            killIfSaved(pidFile);
        }
    }

    @Test
    void unfinishedLineWhileABackgroundChildHoldsStandardOutputIsAnError() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        Backend backend = backend("START_CMD", "( sleep 300 & echo $! > " + sq(pidFile) + " ) ; printf '127.0.0.1 80'");

        try {
            BackendException e = assertThrows(BackendException.class, () -> backend.start(TRIGGER));
            assertEquals("START_CMD printed '127.0.0.1 80' without a newline; expected a line 'IP PORT'",
                    e.getMessage());
        } finally {
            killIfSaved(pidFile);
        }
    }
}
