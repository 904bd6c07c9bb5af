package io.sleepingd.spi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Every process one command started, so that a timeout or an interrupt kills all of it, including what
 * double-forked and left the session ({@code ( setsid daemon & )}), which a walk down the process tree
 * misses once the command has died.
 *
 * <p>How: the command runs in a session and process group of its own (util-linux's {@code setsid}, when
 * installed) and carries a random token in its environment ({@value #ID_VARIABLE}), which every process
 * it starts inherits. The kill looks through {@code /proc} for the command, the members of its process
 * group, the processes whose environment holds the token, and the descendants of all of them, SIGKILLs
 * them, and looks again until none is left (at most {@value #MAX_ROUNDS} rounds). It needs no systemd
 * and no native code, and reads other users' environments because the daemon runs as root or as the
 * user of its commands. A process that clears (or overwrites) its environment, leaves the process group
 * and is reparented escapes it; so does one another service manager started for the command (a
 * container, a systemd unit).
 *
 * <p>One instance per run, used by the thread that runs the command.
 */
final class ProcessTree {
    static final String ID_VARIABLE = "SLEEPINGD_COMMAND_ID";
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    /** Asked once, not before every command: util-linux does not come or go under a running daemon. */
    private static final boolean HAS_SETSID = Files.isExecutable(SETSID);
    private static final Path PROC = Path.of("/proc");
    private static final int MAX_ROUNDS = 50;
    private static final Duration PAUSE = Duration.ofMillis(10);

    private final String id = UUID.randomUUID().toString();
    private final byte[] marker = (ID_VARIABLE + "=" + id).getBytes(StandardCharsets.UTF_8);

    /** {@code argv} in a session of its own, through setsid when it is installed. */
    static List<String> inOwnSession(List<String> argv) {
        if (!HAS_SETSID) {
            return argv;
        }
        List<String> line = new ArrayList<>(List.of(SETSID.toString(), "--wait"));
        line.addAll(argv);
        return line;
    }

    /** The token to put in the command's environment. */
    Map<String, String> environment() {
        return Map.of(ID_VARIABLE, id);
    }

    /**
     * SIGKILLs the command and every process it started, round after round until none is left.
     *
     * @return empty when all are gone; else what was left alive, or why they could not be looked for
     */
    Optional<String> killAll(Process command) {
        boolean interrupted = false;
        try {
            for (int round = 0; round < MAX_ROUNDS; round++) {
                List<ProcessHandle> found = startedBy(command.pid());
                if (found.isEmpty()) {
                    return Optional.empty();
                }
                found.forEach(ProcessHandle::destroyForcibly);
                interrupted |= pause();
            }
            return Optional.of("still alive after " + MAX_ROUNDS + " rounds of SIGKILL: "
                    + startedBy(command.pid()).stream().map(ProcessHandle::pid).toList());
        } catch (IOException | DirectoryIteratorException e) {
            // /proc could not be read (no descriptor left, say): kill what the JDK can still find.
            command.descendants().forEach(ProcessHandle::destroyForcibly);
            command.destroyForcibly();
            return Optional.of("could not look through /proc for the processes it started: " + e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt(); // for the caller, once the kill is done
            }
        }
    }

    /** The live processes that are the command's, as the class comment says; never this one. */
    private List<ProcessHandle> startedBy(long command) throws IOException {
        long self = ProcessHandle.current().pid();
        Map<Long, List<Long>> children = new HashMap<>();
        Map<Long, ProcessHandle> live = new HashMap<>();
        Deque<Long> marked = new ArrayDeque<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path entry : entries) {
                long pid = Long.parseLong(entry.getFileName().toString());
                // The handle first: it remembers the start time, so a pid reused meanwhile is not killed.
                Optional<ProcessHandle> handle = ProcessHandle.of(pid);
                Optional<ProcessStat> stat = ProcessStat.of(entry);
                if (pid == self || handle.isEmpty() || stat.isEmpty() || stat.get().dead()) {
                    continue;
                }
                live.put(pid, handle.get());
                children.computeIfAbsent(stat.get().parent(), parent -> new ArrayList<>()).add(pid);
                if (pid == command || stat.get().group() == command || carriesId(entry)) {
                    marked.add(pid);
                }
            }
        }
        Set<Long> found = new HashSet<>();
        while (!marked.isEmpty()) {
            long pid = marked.pop();
            if (found.add(pid)) {
                marked.addAll(children.getOrDefault(pid, List.of()));
            }
        }
        return found.stream().map(live::get).toList();
    }

    private boolean carriesId(Path process) {
        try {
            byte[] environment = Files.readAllBytes(process.resolve("environ"));
            for (int i = 0; i + marker.length <= environment.length; i++) {
                if ((i == 0 || environment[i - 1] == 0)
                        && Arrays.equals(environment, i, i + marker.length, marker, 0, marker.length)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false; // gone, or not ours to read (another user's, and we are not root)
        }
    }

    /** Sleeps between rounds whatever happens; true when interrupted meanwhile. */
    private static boolean pause() {
        try {
            Thread.sleep(PAUSE);
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }
}
