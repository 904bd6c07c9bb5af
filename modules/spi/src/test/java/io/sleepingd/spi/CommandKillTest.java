package io.sleepingd.spi;

import static io.sleepingd.spi.Processes.awaitDeath;
import static io.sleepingd.spi.Processes.awaitFile;
import static io.sleepingd.spi.Processes.isAlive;
import static io.sleepingd.spi.Processes.killIfSaved;
import static io.sleepingd.spi.Processes.recordPidThenSleep;
import static io.sleepingd.spi.Processes.savedPid;
import static io.sleepingd.spi.Processes.shell;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command that passes its timeout, or whose thread is interrupted (the daemon's WAKE_TIMEOUT watchdog,
 * a shutdown), is killed with every process it started: children, grandchildren, and what double-forked
 * into a session of its own or cleared its environment. Each test's escaping process records its pid;
 * a survivor never dies and fails the test's {@code @Timeout}.
 */
@Timeout(60)
class CommandKillTest {
    private static final Duration SHORT = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private Path pidFile() {
        return dir.resolve("escapee.pid");
    }

    /** Runs {@code script} with a short timeout, then waits for the recorded process to die. */
    private void assertTimeoutKillsTheRecordedProcess(String script) throws Exception {
        try {
            assertThrows(CommandTimeoutException.class, () -> CommandRunner.run(shell(script, SHORT)));
            long pid = savedPid(pidFile());
            awaitDeath(pid);
            assertFalse(isAlive(pid));
        } finally {
            killIfSaved(pidFile());
        }
    }

    /**
     * Runs {@code command} on a thread of its own, interrupts that thread once the process to kill has
     * recorded its pid, and waits for that process to die; returns what the run threw.
     */
    private BackendException interruptAndAwaitDeath(Command command) throws Exception {
        CompletableFuture<BackendException> thrown = new CompletableFuture<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread runner = Thread.ofVirtual().start(() -> {
            try {
                CommandRunner.run(command);
                thrown.complete(null);
            } catch (BackendException e) {
                stillInterrupted.set(Thread.currentThread().isInterrupted());
                thrown.complete(e);
            }
        });
        try {
            long pid = savedPid(pidFile());
            runner.interrupt();
            BackendException e = thrown.get();
            awaitDeath(pid);
            assertTrue(stillInterrupted.get(), "the interrupt status was not set again");
            return e;
        } finally {
            killIfSaved(pidFile());
        }
    }

    @Test
    void timeoutIsACommandTimeoutExceptionNamingTheCommandAndTheTime() {
        CommandTimeoutException e = assertThrows(CommandTimeoutException.class,
                () -> CommandRunner.run(shell("sleep 300", Duration.ofSeconds(1))));

        assertEquals("START_CMD did not finish within 1 s; killed it and its child processes", e.getMessage());
    }

    @Test
    void aTimeoutSetByAKeyNamesTheKey() {
        CommandTimeoutException e = assertThrows(CommandTimeoutException.class,
                () -> CommandRunner.run(shell("sleep 300", Duration.ofSeconds(1)).withTimeoutKey("DOCKER_TIMEOUT")));

        assertEquals("START_CMD did not finish within 1 s; killed it and its child processes (DOCKER_TIMEOUT)",
                e.getMessage());
    }

    @Test
    void timeoutKillsTheCommandsBackgroundChild() throws Exception {
        assertTimeoutKillsTheRecordedProcess("sh -c " + recordPidThenSleep(pidFile()) + " & wait");
    }

    @Test
    void timeoutKillsGrandchildren() throws Exception {
        assertTimeoutKillsTheRecordedProcess("sh -c \"sh -c " + recordPidThenSleep(pidFile()) + " & wait\"; wait");
    }

    @Test
    void timeoutKillsAProcessThatDoubleForkedIntoASessionOfItsOwn() throws Exception {
        // The subshell exits at once: the process is reparented, and setsid takes it out of the group.
        assertTimeoutKillsTheRecordedProcess("( setsid sh -c " + recordPidThenSleep(pidFile()) + " & ); "
                + awaitFile(pidFile()) + "sleep 1000");
    }

    @Test
    void interruptIsABackendExceptionSayingItKilledEverything() throws Exception {
        BackendException e = interruptAndAwaitDeath(shell("( setsid sh -c " + recordPidThenSleep(pidFile())
                + " & ); sleep 1000"));

        assertAll(
                () -> assertFalse(e instanceof CommandTimeoutException, "a timeout: " + e),
                () -> assertEquals("START_CMD was interrupted; killed it and every process it started", e.getMessage()),
                () -> assertInstanceOf(InterruptedException.class, e.getCause()));
    }

    @Test
    void interruptKillsADoubleForkThatClearedItsEnvironmentButStayedInTheGroup() throws Exception {
        interruptAndAwaitDeath(shell("( env -i sh -c " + recordPidThenSleep(pidFile()) + " & ); sleep 1000"));
    }

    @Test
    void interruptKillsWhatASessionLeaderStartedWithAClearedEnvironment() throws Exception {
        // The session leader keeps the id; its child, with an empty environment, is found as its descendant.
        String child = recordPidThenSleep(pidFile()).replace("'", "\"").replace("$$", "\\$\\$");
        interruptAndAwaitDeath(shell("( setsid sh -c 'env -i sh -c " + child + " & wait' & ); sleep 1000"));
    }

    @Test
    void interruptKillsWhatACommandRunAsAnotherUserStarted() throws Exception {
        assumeTrue(RunAs.currentUid() == 0, "switching users needs the tests to run as root");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx")); // nobody writes the pid
        RunAs nobody = new RunAs("nobody", 65534, 65534, Path.of("/nonexistent")); // Debian's nobody

        interruptAndAwaitDeath(shell("( setsid sh -c " + recordPidThenSleep(pidFile()) + " & ); sleep 1000")
                .withRunAs(Optional.of(nobody)));
    }

    @Test
    void aCommandThatFinishesLeavesItsBackgroundChildrenRunning() throws Exception {
        // START_CMD may start the backend in the background: only a timeout or an interrupt kills.
        try {
            CommandResult result = CommandRunner.run(shell("( setsid sh -c " + recordPidThenSleep(pidFile())
                    + " > /dev/null 2>&1 & ); " + awaitFile(pidFile()) + "echo started"));

            assertAll(
                    () -> assertEquals("started", result.firstLine()),
                    () -> assertTrue(isAlive(savedPid(pidFile())), "the background child was killed"));
        } finally {
            killIfSaved(pidFile());
        }
    }

    @Test
    void aThreadInterruptedBeforeTheRunKillsTheCommandAtOnce() {
        Thread.currentThread().interrupt();
        try {
            BackendException e = assertThrows(BackendException.class, () -> CommandRunner.run(shell("sleep 1000")));

            assertAll(
                    () -> assertEquals("START_CMD was interrupted; killed it and every process it started",
                            e.getMessage()),
                    () -> assertTrue(Thread.currentThread().isInterrupted(), "interrupt status"));
        } finally {
            Thread.interrupted(); // not to disturb the next test
        }
    }
}
