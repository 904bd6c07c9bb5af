package io.sleepingd.shell;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Drains a command's standard output on a virtual thread, keeping only what fits the bound, and
 * tells when its first line is complete (or the output ended without one).
 */
final class FirstLineReader {
    /** Far more than any {@code IP PORT} line; the rest is read and dropped so the command never blocks. */
    static final int LIMIT = 64 * 1024;

    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final CompletableFuture<Void> firstLineDone = new CompletableFuture<>();
    private volatile boolean terminated;

    private FirstLineReader() {
    }

    static FirstLineReader start(InputStream output) {
        FirstLineReader reader = new FirstLineReader();
        Thread.ofVirtual().name("stdout-reader").start(() -> reader.drain(output));
        return reader;
    }

    private void drain(InputStream output) {
        byte[] buffer = new byte[8192];
        try (output) {
            int n;
            while ((n = output.read(buffer)) >= 0) {
                synchronized (kept) {
                    for (int i = 0; i < n && !firstLineDone.isDone(); i++) {
                        if (buffer[i] == '\n') {
                            terminated = true;
                            firstLineDone.complete(null);
                        } else if (kept.size() < LIMIT) {
                            kept.write(buffer[i]);
                        }
                    }
                }
            }
        } catch (IOException e) {
            // The pipe closes under us when the process tree is killed; what we have is the answer.
        } finally {
            firstLineDone.complete(null);
        }
    }

    /** Waits for the first newline or end of output, at most {@code grace}. */
    void awaitFirstLine(Duration grace) throws InterruptedException {
        try {
            firstLineDone.get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // A background child holds the pipe and printed no newline: report what there is.
        }
    }

    String firstLine() {
        synchronized (kept) {
            return kept.toString(StandardCharsets.UTF_8);
        }
    }

    boolean lineTerminated() {
        return terminated;
    }
}
