package io.sleepingd.spi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The fields of a process's {@code /proc/PID/stat} that sleepingd reads: its state letter, its
 * parent and its process group (for {@link CommandRunner}'s kill of a command's processes, and for
 * a provider that pauses a backend).
 */
public record ProcessStat(char state, long parent, long group) {
    /** A zombie, or gone while we looked: nothing left to signal. */
    public boolean dead() {
        return state == 'Z' || state == 'X' || state == 'x';
    }

    /** Stopped by a signal (SIGSTOP): paused. */
    public boolean stopped() {
        return state == 'T';
    }

    /** Empty when the process is gone. */
    public static Optional<ProcessStat> of(long pid) {
        return of(Path.of("/proc", Long.toString(pid)));
    }

    /** From the process's directory in {@code /proc}; empty when the process is gone. */
    static Optional<ProcessStat> of(Path process) {
        try {
            String line = Files.readString(process.resolve("stat"));
            // "pid (comm) state ppid pgrp ...": comm may hold blanks and parentheses
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return Optional.of(new ProcessStat(fields[0].charAt(0), Long.parseLong(fields[1]),
                    Long.parseLong(fields[2])));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
