package io.sleepingd.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * One connection in a {@link RelayLoop}: two flows, each reading only when the bytes it read
 * before have all been written, so a slow side slows its sender instead of filling memory. A flow
 * reads into its loop's scratch buffer and holds a pooled buffer only while it has bytes the sink
 * has not taken yet.
 */
final class LoopConnection {
    private final SocketChannel client;
    private final SocketChannel backend;
    private final LongAdder traffic;
    private final ByteBuffer scratch;
    private final Flow up;
    private final Flow down;
    private final CompletableFuture<RelayResult> done = new CompletableFuture<>();
    private SelectionKey clientKey;
    private SelectionKey backendKey;

    LoopConnection(SocketChannel client, SocketChannel backend, LongAdder traffic, ByteBuffer scratch) {
        this.client = client;
        this.backend = backend;
        this.traffic = traffic;
        this.scratch = scratch;
        this.up = new Flow(client, backend);
        this.down = new Flow(backend, client);
    }

    CompletableFuture<RelayResult> done() {
        return done;
    }

    void register(Selector selector) {
        try {
            client.configureBlocking(false);
            backend.configureBlocking(false);
            clientKey = client.register(selector, SelectionKey.OP_READ, this);
            backendKey = backend.register(selector, SelectionKey.OP_READ, this);
        } catch (IOException e) {
            finish(e);
        }
    }

    void ready(SelectionKey key) {
        try {
            boolean fromClient = key == clientKey;
            if (key.isReadable()) {
                (fromClient ? up : down).read();
            }
            if (key.isValid() && key.isWritable()) {
                (fromClient ? down : up).write(); // writable client: the backend-to-client flow can go on
            }
            if (up.finished && down.finished) {
                finish(null);
            } else {
                clientKey.interestOps((up.wantsRead() ? SelectionKey.OP_READ : 0)
                        | (down.wantsWrite() ? SelectionKey.OP_WRITE : 0));
                backendKey.interestOps((down.wantsRead() ? SelectionKey.OP_READ : 0)
                        | (up.wantsWrite() ? SelectionKey.OP_WRITE : 0));
            }
        } catch (IOException e) {
            finish(e);
        } catch (java.nio.channels.CancelledKeyException e) {
            finish(new IOException("connection closed", e));
        }
    }

    private void finish(IOException failure) {
        if (done.isDone()) {
            return;
        }
        up.release();
        down.release();
        Relay.closeQuietly(client);
        Relay.closeQuietly(backend);
        done.complete(new RelayResult(up.bytes, down.bytes, failure));
    }

    /** One direction: source to sink. */
    private final class Flow {
        private final SocketChannel source;
        private final SocketChannel sink;
        private ByteBuffer pending;
        private boolean ended;
        private boolean finished;
        private long bytes;

        Flow(SocketChannel source, SocketChannel sink) {
            this.source = source;
            this.sink = sink;
        }

        boolean wantsRead() {
            return !ended && pending == null;
        }

        boolean wantsWrite() {
            return pending != null;
        }

        void read() throws IOException {
            if (!wantsRead()) {
                return;
            }
            ByteBuffer buffer = scratch.clear();
            int n = source.read(buffer);
            if (n <= 0) {
                if (n < 0) {
                    ended = true;
                    sink.shutdownOutput(); // nothing is pending: the half-close follows the last byte
                    finished = true;
                }
                return;
            }
            bytes += n;
            traffic.add(n);
            buffer.flip();
            sink.write(buffer);
            if (buffer.hasRemaining()) {
                // The sink is full: keep the rest in a buffer of this flow's own until it is writable,
                // reading nothing from the source meanwhile.
                pending = BufferPool.SHARED.take().put(buffer).flip();
            }
        }

        void write() throws IOException {
            if (pending == null) {
                return;
            }
            sink.write(pending);
            if (!pending.hasRemaining()) {
                BufferPool.SHARED.give(pending);
                pending = null;
            }
        }

        void release() {
            if (pending != null) {
                BufferPool.SHARED.give(pending);
                pending = null;
            }
        }
    }
}
