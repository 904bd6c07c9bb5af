package io.sleepingd.relay;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * One connection in a {@link RelayLoop}, touched only by its loop's thread: first, if asked, the
 * connect to the backend; then two flows, each reading only when the bytes it read before have all
 * been written, so a slow side slows its sender instead of filling memory. A flow reads into its
 * loop's scratch buffer and holds a buffer only while it has bytes the sink has not taken.
 *
 * <p>A connection that ends cleanly passes each side's end of input on as a half-close; one that
 * ends any other way (a reset, a failed write, an abort by the daemon) is reset on both sides, so
 * that neither peer takes a cut transfer for a complete one.
 */
final class LoopConnection implements Ready {
    private final RelayLoop loop;
    private final SocketChannel client;
    private final Traffic traffic;
    private final ActiveRelay handle;
    private SocketChannel backend;
    private SelectionKey clientKey;
    private SelectionKey backendKey;
    private long connectDeadline;
    private boolean connecting;
    private boolean over;
    private Flow up;
    private Flow down;

    LoopConnection(RelayLoop loop, SocketChannel client, Traffic traffic) {
        this.loop = loop;
        this.client = client;
        this.traffic = traffic;
        this.handle = new ActiveRelay(() -> loop.execute(() -> finish(new RelayAbortedException())), this::bytes);
    }

    /** The connection's counts, taken on its loop. */
    private CompletableFuture<ConnectionBytes> bytes() {
        CompletableFuture<ConnectionBytes> counted = new CompletableFuture<>();
        loop.execute(() -> {
            Optional<Duration> sinceLastByte = Stream.of(up, down).filter(flow -> flow != null && flow.bytes > 0)
                    .map(flow -> Duration.ofNanos(System.nanoTime() - flow.lastByte)).min(Duration::compareTo);
            counted.complete(new ConnectionBytes(up == null ? 0 : up.bytes, down == null ? 0 : down.bytes,
                    sinceLastByte));
        });
        return counted;
    }

    ActiveRelay handle() {
        return handle;
    }

    boolean isConnecting() {
        return connecting;
    }

    long connectDeadline() {
        return connectDeadline;
    }

    /** Starts a non-blocking connect; the client is not touched until it succeeds. */
    void connect(InetSocketAddress address) {
        if (over) {
            return;
        }
        try {
            backend = SocketChannel.open();
            backend.configureBlocking(false);
            if (backend.connect(address)) {
                relay(backend);
                return;
            }
            connecting = true;
            connectDeadline = System.nanoTime() + Relay.CONNECT_TIMEOUT.toNanos();
            backendKey = backend.register(loop.selector(), SelectionKey.OP_CONNECT, this);
            loop.awaitConnect(this);
        } catch (IOException e) {
            notConnected(e);
        }
    }

    void connectTimedOut() {
        if (connecting) {
            notConnected(new SocketTimeoutException("connect timed out after " + Relay.CONNECT_TIMEOUT.toSeconds()
                    + " s"));
        }
    }

    private void notConnected(IOException failure) {
        connecting = false;
        over = true;
        Relay.closeQuietly(backend);
        handle.complete(new RelayOutcome.NotConnected(failure));
    }

    /** Starts relaying between the client and a connected backend. */
    void relay(SocketChannel connected) {
        if (over) {
            Relay.closeQuietly(connected); // aborted while waiting for the loop
            return;
        }
        backend = connected;
        connecting = false;
        up = new Flow(client, backend, "backend", traffic.toBackendAdder());
        down = new Flow(backend, client, "client", traffic.toClientAdder());
        try {
            Relay.setNoDelay(client);
            Relay.setNoDelay(backend);
            client.configureBlocking(false);
            backend.configureBlocking(false);
            clientKey = client.register(loop.selector(), 0, this);
            if (backendKey == null) {
                backendKey = backend.register(loop.selector(), 0, this);
            }
            // What arrived meanwhile (the client's request, a server's greeting) goes on now, not a select later.
            up.read();
            down.read();
            afterIo();
        } catch (IOException e) {
            finish(e);
        }
    }

    @Override
    public void ready(SelectionKey key) {
        try {
            if (connecting) {
                if (backend.finishConnect()) {
                    relay(backend);
                }
                return;
            }
            boolean fromClient = key == clientKey;
            if (key.isReadable()) {
                (fromClient ? up : down).read();
            }
            if (key.isValid() && key.isWritable()) {
                (fromClient ? down : up).write(); // writable client: the backend-to-client flow can go on
            }
            afterIo();
        } catch (IOException e) {
            if (connecting && !Relay.isReset(e)) {
                notConnected(e);
            } else {
                finish(e); // a reset means the backend accepted, then ended the connection: relayed, briefly
            }
        } catch (CancelledKeyException e) {
            finish(new IOException("connection closed", e));
        }
    }

    @Override
    public void failed(Throwable bug) {
        finish(new IOException("internal error in the relay: " + bug, bug));
    }

    /** The buffer budget has room again: the flows that waited for it may read. */
    void memoryAvailable() {
        if (!over) {
            afterIo();
        }
    }

    /** Ends the connection if a flow has held data its sink would not take for {@code limitNanos}. */
    void endIfStalled(long now, long limitNanos) {
        if (over || up == null) {
            return;
        }
        for (Flow flow : new Flow[] {up, down}) {
            if (flow.pending != null && now - flow.pendingSince >= limitNanos) {
                finish(new RelayStalledException("the " + flow.sinkName + " took no data for "
                        + Duration.ofNanos(now - flow.pendingSince).toSeconds()
                        + " s while the relay's buffer memory was spent; ended the connection to free its buffer"));
                return;
            }
        }
    }

    /** Ends the connection once both flows have, else asks the loop for what the flows wait for. */
    private void afterIo() {
        if (up.ended && down.ended) {
            finish(null);
            return;
        }
        boolean canKeep = loop.pool().canKeep();
        clientKey.interestOps((up.wantsRead(canKeep) ? SelectionKey.OP_READ : 0)
                | (down.wantsWrite() ? SelectionKey.OP_WRITE : 0));
        backendKey.interestOps((down.wantsRead(canKeep) ? SelectionKey.OP_READ : 0)
                | (up.wantsWrite() ? SelectionKey.OP_WRITE : 0));
        if (!canKeep && (up.waitsForMemory() || down.waitsForMemory())) {
            loop.awaitMemory(this);
        }
    }

    private void finish(IOException failure) {
        if (over) {
            return;
        }
        over = true;
        connecting = false;
        if (up != null) {
            up.release();
            down.release();
        }
        if (failure == null) {
            Relay.closeQuietly(client);
            Relay.closeQuietly(backend);
        } else {
            Relay.reset(client);
            Relay.reset(backend);
        }
        handle.complete(new RelayOutcome.Ended(new RelayResult(up == null ? 0 : up.bytes,
                down == null ? 0 : down.bytes, failure)));
    }

    /** One direction: source to sink. */
    private final class Flow {
        private final SocketChannel source;
        private final SocketChannel sink;
        /** "client" or "backend", for the line that says which side stopped taking data. */
        private final String sinkName;
        private ByteBuffer pending;
        private long pendingSince;
        /** The service's count for this direction, shared with its other connections. */
        private final LongAdder counted;
        private boolean ended;
        private long bytes;
        /** When this flow last read a byte, as its loop's turn began; meaningless while {@code bytes} is 0. */
        private long lastByte;

        Flow(SocketChannel source, SocketChannel sink, String sinkName, LongAdder counted) {
            this.source = source;
            this.sink = sink;
            this.sinkName = sinkName;
            this.counted = counted;
        }

        /** Reads when the buffer budget can keep what the sink may refuse. */
        boolean wantsRead(boolean canKeep) {
            return waitsForMemory() && canKeep;
        }

        /** Would read, memory permitting: not ended and nothing held back. */
        boolean waitsForMemory() {
            return !ended && pending == null;
        }

        boolean wantsWrite() {
            return pending != null;
        }

        void read() throws IOException {
            BufferPool pool = loop.pool();
            if (!wantsRead(pool.canKeep())) {
                return;
            }
            boolean pressed = pool.underPressure();
            ByteBuffer buffer = loop.scratch.clear();
            if (pressed) {
                buffer.limit(BufferPool.SMALL); // what the sink does not take must fit a small buffer
            }
            int n = source.read(buffer);
            if (n <= 0) {
                if (n < 0) {
                    ended = true;
                    sink.shutdownOutput(); // nothing is pending: the half-close follows the last byte
                }
                return;
            }
            bytes += n;
            lastByte = loop.turnStarted;
            counted.add(n);
            buffer.flip();
            sink.write(buffer);
            if (buffer.hasRemaining()) {
                // The sink is full, and the source is not read until it has taken the rest. With
                // memory to spare, the scratch buffer becomes this flow's own (no copy) and the loop
                // takes a fresh one; under pressure the rest is copied into a small buffer.
                if (pressed) {
                    pending = pool.takeSmall().put(buffer).flip();
                } else {
                    pending = buffer;
                    loop.scratch = pool.takeLarge();
                }
                pendingSince = System.nanoTime();
            }
        }

        void write() throws IOException {
            if (pending == null) {
                return;
            }
            sink.write(pending);
            if (!pending.hasRemaining()) {
                loop.pool().give(pending);
                pending = null;
            }
        }

        void release() {
            if (pending != null) {
                loop.pool().give(pending);
                pending = null;
            }
        }
    }
}
