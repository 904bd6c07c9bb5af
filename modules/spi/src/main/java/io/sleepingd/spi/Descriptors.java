package io.sleepingd.spi;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Whether this process has all but used up its file descriptors, asked before every process start: with
 * a few left the start fails, and not always cleanly (the JDK's spawn helper cannot load the C library
 * and the JDK says only that it exited with status 127; its failure path was seen to close a descriptor
 * it had not opened). Stateless; any thread.
 */
final class Descriptors {
    /** Fewer free than this, and a process start (pipes, the spawn helper's libraries) may fail. */
    private static final long MARGIN = 32;
    private static final File OPEN_DESCRIPTORS = new File("/proc/self/fd");
    /**
     * {@code ulimit -n}, read once (negative until then): the JVM raised it to the hard limit as it
     * started ({@code -XX:+MaxFDLimit}, the default), and nothing in the daemon changes it. Reading and
     * parsing /proc/self/limits, and listing /proc/self/fd through a stream, before every process start
     * cost about 0.5 to 1 ms a wake (interpreted code: a wake is rare).
     */
    private static volatile long softLimit = -1;

    private Descriptors() {
    }

    /** A one-line account of the shortage, when descriptors are short. */
    static Optional<String> shortage() {
        try {
            long limit = softLimit();
            long open = openCount();
            return limit - open < MARGIN
                    ? Optional.of("too many open files (" + open + " of " + limit + " file descriptors in use)")
                    : Optional.empty();
        } catch (IOException e) {
            return LocalResourceException.shortageIn(e); // too few even to look
        } catch (UncheckedIOException e) {
            return LocalResourceException.shortageIn(e.getCause());
        }
    }

    /**
     * The descriptors open now, not counting the listing's own: one native directory read, no stream.
     * Too short of descriptors to list them, {@code File.list} says nothing (null): the stream then
     * fails with the reason.
     */
    private static long openCount() throws IOException {
        String[] names = OPEN_DESCRIPTORS.list();
        if (names != null) {
            return names.length - 1;
        }
        try (Stream<Path> descriptors = Files.list(OPEN_DESCRIPTORS.toPath())) {
            return descriptors.count() - 1;
        }
    }

    /** {@code ulimit -n}: the soft limit of open files. */
    private static long softLimit() throws IOException {
        long limit = softLimit;
        if (limit < 0) {
            limit = readSoftLimit();
            softLimit = limit;
        }
        return limit;
    }

    private static long readSoftLimit() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).strip().split("\\s+")[0];
                return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        return Long.MAX_VALUE;
    }
}
