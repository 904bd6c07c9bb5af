package io.sleepingd.spi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A command's standard error, to its error log line by line, with bounds so that a command writing
 * without end (hundreds of megabytes, with no newline or millions of lines) neither fills the heap nor
 * the log: a line is cut at {@value #LINE_LIMIT} bytes, the rest of it skipped without being held; a run
 * logs at most {@value #MAX_LINES} lines, then one line counting the others. The reader thread alone
 * cuts lines and calls the log; {@link #lines} may be called from any thread.
 */
final class ErrorLines extends PipeReader {
    static final int LINE_LIMIT = 1000;
    static final int MAX_LINES = 100;

    private final Consumer<String> log;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(LINE_LIMIT); // reader thread only
    private boolean cut; // reader thread only
    private long dropped; // reader thread only
    private final List<String> logged = new ArrayList<>(); // guarded by this

    ErrorLines(Consumer<String> log) {
        this.log = log;
    }

    @Override
    void take(byte[] buffer, int length) {
        int from = 0;
        while (from < length) {
            int newline = indexOf(buffer, from, length, (byte) '\n');
            int to = newline < 0 ? length : newline;
            int room = Math.min(LINE_LIMIT - line.size(), to - from);
            line.write(buffer, from, room);
            cut |= room < to - from;
            if (newline < 0) {
                return;
            }
            emit();
            from = newline + 1;
        }
    }

    @Override
    void ended(IOException failure) {
        if (line.size() > 0 || cut) {
            emit();
        }
        if (dropped > 0) {
            log.accept("(" + dropped + " more lines of standard error not logged)");
        }
        if (failure != null) {
            log.accept("(standard error could not be read to its end: " + failure.getMessage() + ")");
        }
    }

    /** The lines logged so far. */
    synchronized List<String> lines() {
        return List.copyOf(logged);
    }

    private void emit() {
        String text = line.toString(StandardCharsets.UTF_8) + (cut ? "..." : "");
        line.reset();
        cut = false;
        synchronized (this) {
            if (logged.size() == MAX_LINES) {
                dropped++;
                return;
            }
            logged.add(text);
        }
        log.accept(text);
    }
}
