package io.sleepingd.relay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's event loops, one per core, and what they share: the buffer budget, the limit on how
 * long a stalled flow may hold memory the others wait for, and who is told when a loop dies. The
 * daemon uses {@link #DEFAULT} through {@link Relay}; a test can run loops of its own.
 */
final class RelayLoops implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RelayLoops.class);

    /** How long a flow may hold data its sink does not take while the budget is spent, by default. */
    static final Duration STALL_LIMIT = Duration.ofSeconds(60);
    /** Bounds the wait for a loop to let go of closed channels: a loop that died never answers. */
    private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(5);

    static final RelayLoops DEFAULT = new RelayLoops(Math.max(1, Runtime.getRuntime().availableProcessors()),
            BufferPool.SHARED, STALL_LIMIT);

    private final RelayLoop[] loops;
    private final AtomicInteger next = new AtomicInteger();
    private final BufferPool pool;
    private final Duration stallLimit;
    private volatile Consumer<Throwable> onDeath = death -> {
    };

    RelayLoops(int count, BufferPool pool, Duration stallLimit) {
        this.pool = pool;
        this.stallLimit = stallLimit;
        loops = new RelayLoop[count];
        for (int i = 0; i < count; i++) {
            try {
                loops[i] = new RelayLoop(this, Selector.open(), "relay-loop-" + i);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open a selector for the relay", e);
            }
        }
        for (RelayLoop loop : loops) {
            loop.start();
        }
    }

    BufferPool pool() {
        return pool;
    }

    Duration stallLimit() {
        return stallLimit;
    }

    /** Who is told when a loop dies: every connection on it is stuck, so the daemon must not go on. */
    void onDeath(Consumer<Throwable> handler) {
        onDeath = handler;
    }

    void died(RelayLoop loop, Throwable death) {
        LOG.error("relay loop {} died; the connections it relayed are stuck", loop.name(), death);
        onDeath.accept(death);
    }

    /**
     * Accepts on one loop, the next in turn, which also relays the connections it accepts. Every loop
     * registering the socket would spread one port's connections over the cores, but wakes every loop
     * for each connection, and only one gets it: measured, fewer connections per second
     * (docs/benchmarks.md). Closing the channel stops it; {@link #release} then frees the port.
     */
    void accept(ServerSocketChannel server, Consumer<SocketChannel> handler, Consumer<IOException> onFailure) {
        RelayLoop loop = next();
        LoopAcceptor acceptor = new LoopAcceptor(loop, server, handler, onFailure);
        loop.execute(acceptor::register);
    }

    /**
     * Returns once every loop has let go of the channels closed before the call: a registered channel's
     * descriptor is only closed by the selector's next select, so a closed listening socket would
     * otherwise keep its port until the loop next woke up. Bounded: a dead loop never answers.
     */
    void release() {
        List<CompletableFuture<Void>> released = new ArrayList<>();
        for (RelayLoop loop : loops) {
            released.add(loop.release());
        }
        try {
            CompletableFuture.allOf(released.toArray(CompletableFuture[]::new))
                    .get(RELEASE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("a relay loop did not let go of closed sockets within {} s", RELEASE_TIMEOUT.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("releasing cannot fail", e);
        }
    }

    ActiveRelay start(SocketChannel client, SocketChannel backend, LongAdder traffic) {
        RelayLoop loop = next();
        LoopConnection connection = new LoopConnection(loop, client, traffic);
        loop.execute(() -> connection.relay(backend));
        return connection.handle();
    }

    ActiveRelay connectAndStart(SocketChannel client, InetSocketAddress backend, LongAdder traffic) {
        RelayLoop loop = next();
        LoopConnection connection = new LoopConnection(loop, client, traffic);
        loop.execute(() -> connection.connect(backend));
        return connection.handle();
    }

    /** The calling loop itself (a connection accepted on a loop stays there), or the next in turn. */
    RelayLoop next() {
        for (RelayLoop loop : loops) {
            if (loop.isCurrentThread()) {
                return loop;
            }
        }
        return loops[Math.floorMod(next.getAndIncrement(), loops.length)];
    }

    /** Stops the loops; the connections still on them are left as they are. For tests. */
    @Override
    public void close() {
        for (RelayLoop loop : loops) {
            loop.stop();
        }
    }
}
