package io.sleepingd.spi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Commands for the runner's tests, and what the tests ask about the processes they leave. */
final class Processes {
    /** Far longer than any command here needs; only the tests about timeouts pass a short one. */
    static final Duration GENEROUS = Duration.ofSeconds(60);

    private Processes() {
    }

    /** {@code script} through {@code /bin/sh -c}, as START_CMD, its standard error into {@code errors}. */
    static Command shell(String script, Duration timeout, List<String> errors) {
        return Command.of("START_CMD", List.of("/bin/sh", "-c", script), timeout, errors::add);
    }

    static Command shell(String script, Duration timeout) {
        return shell(script, timeout, new CopyOnWriteArrayList<>());
    }

    static Command shell(String script) {
        return shell(script, GENEROUS);
    }

    /** A path quoted for the shell. */
    static String sq(Path path) {
        return "'" + path.toString().replace("'", "'\\''") + "'";
    }

    /**
     * A single-quoted {@code sh -c} script that records its pid in {@code pidFile} (at once, complete) and
     * then becomes {@code sleep 777}: the process a test expects to be killed.
     */
    static String recordPidThenSleep(Path pidFile) {
        return "'echo $$ > " + pidFile + ".new && mv " + pidFile + ".new " + pidFile + " && exec sleep 777'";
    }

    /** Shell lines that wait until {@code pidFile} has been written. */
    static String awaitFile(Path pidFile) {
        return "while [ ! -s " + sq(pidFile) + " ]; do sleep 0.05; done; ";
    }

    /** The pid a process saved in {@code file}, once it has (bounded by the caller's {@code @Timeout}). */
    static long savedPid(Path file) throws IOException, InterruptedException {
        while (!Files.exists(file)) {
            Thread.sleep(20);
        }
        return Long.parseLong(Files.readString(file).strip());
    }

    /** Alive means it exists and is not a zombie waiting for a parent (or init) to reap it. */
    static boolean isAlive(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(line -> line.startsWith("State:"))
                    .map(line -> line.substring("State:".length()).strip())
                    .noneMatch(state -> state.startsWith("Z") || state.startsWith("X"));
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until {@code pid} is gone; a process that never dies fails the caller's {@code @Timeout}. */
    static void awaitDeath(long pid) throws InterruptedException {
        while (isAlive(pid)) {
            Thread.sleep(20);
        }
    }

    /** Cleans up a process a failed test left behind. */
    static void killIfSaved(Path pidFile) throws IOException {
        if (Files.exists(pidFile) && !Files.readString(pidFile).isBlank()) {
            ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
