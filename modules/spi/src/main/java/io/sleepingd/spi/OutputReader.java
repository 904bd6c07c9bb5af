package io.sleepingd.spi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A command's standard output: keeps at most the command's output limit (of the first line alone, or
 * of all the output) and tells when the first line is complete. The reader thread writes; the command's
 * thread reads the result under this object's lock.
 */
final class OutputReader extends PipeReader {
    private final int limit;
    private final boolean firstLineOnly;
    private final CompletableFuture<Void> firstLine = new CompletableFuture<>();
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream(); // guarded by this
    private boolean terminated; // guarded by this
    private IOException failure; // guarded by this

    OutputReader(Command command) {
        this.limit = command.outputLimit();
        this.firstLineOnly = command.output() == Command.Output.FIRST_LINE;
    }

    /** Completes at the first newline, or at the end of the output when there is none. */
    CompletableFuture<Void> firstLine() {
        return firstLine;
    }

    @Override
    synchronized void take(byte[] buffer, int length) {
        int keep = length;
        if (!terminated) {
            int newline = indexOf(buffer, 0, length, (byte) '\n');
            if (newline >= 0) {
                terminated = true;
                firstLine.complete(null);
                keep = firstLineOnly ? newline : length;
            }
        } else if (firstLineOnly) {
            keep = 0;
        }
        kept.write(buffer, 0, Math.min(keep, limit - kept.size()));
    }

    @Override
    synchronized void ended(IOException readFailure) {
        failure = readFailure;
        firstLine.complete(null);
    }

    synchronized String text() {
        return kept.toString(StandardCharsets.UTF_8);
    }

    synchronized boolean firstLineTerminated() {
        return terminated;
    }

    /** Why the output could not be read to its end, if it could not. */
    synchronized Optional<IOException> failure() {
        return Optional.ofNullable(failure);
    }
}
