package io.sleepingd.relay;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * One connection in a {@link RelayLoop}, touched only by its loop's thread: first, if asked, the
 * connect to the backend; then two flows, each reading only when the bytes it read before have all
 * been written, so a slow side slows its sender instead of filling memory. A flow holds memory (a
 * buffer, a pipe) only while it has bytes the sink has not taken. How bytes move is the transport's
 * ({@link NioConnection}, {@link SpliceConnection}); when they may move, and how the connection ends,
 * is here.
 *
 * <p>A connection that ends cleanly passes each side's end of input on as a half-close; one that
 * ends any other way (a reset, a failed write, an abort by the daemon) is reset on both sides, so
 * that neither peer takes a cut transfer for a complete one.
 */
abstract sealed class LoopConnection permits NioConnection, SpliceConnection {
    final RelayLoop loop;
    final SocketChannel client;
    private final ActiveRelay handle;
    final Traffic traffic;
    private long connectDeadline;
    boolean connecting;
    boolean over;
    Flow up;
    Flow down;

    LoopConnection(RelayLoop loop, SocketChannel client, Traffic traffic) {
        this.loop = loop;
        this.client = client;
        this.traffic = traffic;
        this.handle = new ActiveRelay(() -> loop.execute(() -> finish(new RelayAbortedException())), this::bytes);
    }

    /** Starts a non-blocking connect; the client is not touched until it succeeds. */
    abstract void connect(InetSocketAddress address);

    /** Starts relaying between the client and a connected backend. */
    abstract void relay(SocketChannel connected);

    /** Asks the loop for the readiness the flows wait for. */
    abstract void watch(boolean clientRead, boolean clientWrite, boolean backendRead, boolean backendWrite)
            throws IOException;

    /** Closes the backend socket a connect that failed opened. */
    abstract void closeUnconnectedBackend();

    /** Closes both sockets: in order, or with a reset. */
    abstract void close(boolean reset);

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

    /** The connect is in progress: the loop times it out after {@link Relay#CONNECT_TIMEOUT}. */
    void connecting() {
        connecting = true;
        connectDeadline = System.nanoTime() + Relay.CONNECT_TIMEOUT.toNanos();
        loop.awaitConnect(this);
    }

    void connectTimedOut() {
        if (connecting) {
            notConnected(new SocketTimeoutException("connect timed out after " + Relay.CONNECT_TIMEOUT.toSeconds()
                    + " s"));
        }
    }

    void notConnected(IOException failure) {
        connecting = false;
        over = true;
        closeUnconnectedBackend();
        handle.complete(new RelayOutcome.NotConnected(failure));
    }

    void failed(Throwable bug) {
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
            if (flow.holdsData() && now - flow.pendingSince >= limitNanos) {
                finish(new RelayStalledException("the " + flow.sinkName + " took no data for "
                        + Duration.ofNanos(now - flow.pendingSince).toSeconds()
                        + " s while the relay's buffer memory was spent; ended the connection to free its buffer"));
                return;
            }
        }
    }

    /** Ends the connection once both flows have, else asks the loop for what the flows wait for. */
    void afterIo() {
        if (up.ended && down.ended) {
            finish(null);
            return;
        }
        boolean canKeep = loop.pool().canKeep();
        try {
            watch(up.wantsRead(canKeep), down.wantsWrite(), down.wantsRead(canKeep), up.wantsWrite());
        } catch (IOException e) {
            finish(e);
            return;
        }
        if (!canKeep && (up.waitsForMemory() || down.waitsForMemory())) {
            loop.awaitMemory(this);
        }
    }

    void finish(IOException failure) {
        if (over) {
            return;
        }
        over = true;
        connecting = false;
        if (up != null) {
            up.release();
            down.release();
        }
        close(failure != null);
        handle.complete(new RelayOutcome.Ended(new RelayResult(up == null ? 0 : up.bytes,
                down == null ? 0 : down.bytes, failure)));
    }

    /** One direction: source to sink. */
    abstract static class Flow {
        /** "client" or "backend", for the line that says which side stopped taking data. */
        final String sinkName;
        /** The service's count for this direction, shared with its other connections. */
        private final LongAdder counted;
        boolean ended;
        long bytes;
        /** When this flow last read a byte, as its loop's turn began; meaningless while {@code bytes} is 0. */
        long lastByte;
        /** Since when the sink has not taken all the flow read; meaningless while it holds no data. */
        long pendingSince;

        Flow(String sinkName, LongAdder counted) {
            this.sinkName = sinkName;
            this.counted = counted;
        }

        /** Holds bytes read that the sink has not taken yet. */
        abstract boolean holdsData();

        abstract void read() throws IOException;

        abstract void write() throws IOException;

        /** Gives back what the flow holds: the connection is over. */
        abstract void release();

        /** Reads when the buffer budget can keep what the sink may refuse. */
        final boolean wantsRead(boolean canKeep) {
            return waitsForMemory() && canKeep;
        }

        /** Would read, memory permitting: not ended and nothing held back. */
        final boolean waitsForMemory() {
            return !ended && !holdsData();
        }

        final boolean wantsWrite() {
            return holdsData();
        }

        final void moved(long n, long when) {
            bytes += n;
            lastByte = when;
            counted.add(n);
        }
    }
}
