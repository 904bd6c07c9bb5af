package io.sleepingd.spi;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;

/**
 * Drains one of a command's pipes to its end on a platform thread of its own, so that the command never
 * blocks on a full pipe, and hands each chunk to the subclass, which keeps what fits its bound. Not a
 * virtual thread: a read of a pipe pins its carrier, and with a backend's background child holding
 * the pipe for hours, the virtual threads that hold and relay connections were seen to starve (a
 * shutdown waited a minute for a carrier on two cores). The
 * reader thread alone calls {@link #take} and {@link #ended}; other threads read what a subclass kept
 * under its lock, and may wait for {@link #end}.
 */
abstract class PipeReader {
    private final CompletableFuture<Void> end = new CompletableFuture<>();

    /** Starts reading {@code pipe} on a daemon platform thread named {@code threadName}. */
    final void start(InputStream pipe, String threadName) {
        Thread.ofPlatform().daemon().name(threadName).stackSize(256 * 1024).start(() -> drain(pipe));
    }

    /** Completes when the pipe has ended: every process holding its other end has closed it or died. */
    final CompletableFuture<Void> end() {
        return end;
    }

    /** The next {@code length} bytes of the pipe, in {@code buffer}. */
    abstract void take(byte[] buffer, int length);

    /** The pipe ended, or could not be read further ({@code failure} is then not null). */
    abstract void ended(IOException failure);

    private void drain(InputStream pipe) {
        byte[] buffer = new byte[8192];
        IOException failure = null;
        try (pipe) {
            int length;
            while ((length = pipe.read(buffer)) >= 0) {
                take(buffer, length);
            }
        } catch (IOException e) {
            failure = e;
        } finally {
            ended(failure);
            end.complete(null);
        }
    }

    /** Where {@code wanted} first stands in {@code buffer} from {@code from} up to {@code to}, or -1. */
    static int indexOf(byte[] buffer, int from, int to, byte wanted) {
        for (int i = from; i < to; i++) {
            if (buffer[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
