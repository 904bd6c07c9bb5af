package io.sleepingd.shell;

import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.Command;
import io.sleepingd.spi.CommandResult;
import io.sleepingd.spi.CommandRunner;
import io.sleepingd.spi.ProcessStat;
import io.sleepingd.spi.RunAs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Freezes a process and everything it started (SIGSTOP), and thaws them (SIGCONT), through
 * {@code kill} run as the service's {@code USER}: the daemon signals only what that user may.
 * Immutable; any thread.
 */
final class ProcessFreezer {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessFreezer.class);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

    private final String service;
    private final Optional<RunAs> runAs;

    ProcessFreezer(String service, Optional<RunAs> runAs) {
        this.service = service;
        this.runAs = runAs;
    }

    /** Freezes {@code pid} and its descendants, the parent first so it starts no new child meanwhile; returns them all. */
    List<Long> freeze(long pid) throws BackendException {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            throw new BackendException("the process to pause, pid " + pid + ", is not running");
        }
        List<Long> pids = tree(pid);
        signal("STOP", pids);
        return pids;
    }

    /** Thaws the processes {@link #freeze} froze that still run, children first; false when none does. */
    boolean thaw(List<Long> pids) throws BackendException {
        List<Long> alive = pids.reversed().stream()
                .filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).toList();
        if (alive.isEmpty()) {
            return false;
        }
        signal("CONT", alive);
        return true;
    }

    /** Thaws {@code pid} and its descendants: a process another daemon froze. */
    void thawTree(long pid) throws BackendException {
        thaw(tree(pid));
    }

    /** {@code pid}, then every process it started that still runs. */
    private static List<Long> tree(long pid) {
        List<Long> pids = new ArrayList<>(List.of(pid));
        ProcessHandle.of(pid).ifPresent(process -> process.descendants().map(ProcessHandle::pid).forEach(pids::add));
        return pids;
    }

    /** Whether {@code pid} is stopped by a signal: a process a previous daemon froze. */
    static boolean isFrozen(long pid) {
        return ProcessStat.of(pid).map(ProcessStat::stopped).orElse(false);
    }

    /** The pid in the first line of {@code pidfile}; empty when there is none (yet). */
    static Optional<Long> readPid(Path pidfile) {
        try (Stream<String> lines = Files.lines(pidfile)) {
            return lines.findFirst().map(String::strip).filter(line -> line.matches("[1-9][0-9]{0,9}")).map(Long::parseLong);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private void signal(String signal, List<Long> pids) throws BackendException {
        List<String> argv = new ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach(pid -> argv.add(Long.toString(pid)));
        CommandResult result = CommandRunner.run(Command.of("kill -" + signal, argv, KILL_TIMEOUT,
                line -> LOG.warn("service '{}': kill -{} says: {}", service, signal, line)).withRunAs(runAs));
        if (result.exitStatus() != 0) {
            throw new BackendException("kill -" + signal + " " + pids + " exited with status " + result.exitStatus());
        }
    }
}
