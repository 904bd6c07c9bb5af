package io.sleepingd.relay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's event loops, one per core, and what they share: the buffer budget, the limit on how
 * long a stalled flow may hold memory the others wait for, and who is told when a loop dies. The
 * daemon starts one set and closes it when it stops; a test can start its own.
 *
 * <p>Thread-safe: any thread may hand connections over; each loop then touches them alone.
 */
public final class RelayLoops implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RelayLoops.class);

    /** How long a flow may hold data its sink does not take while the budget is spent, by default. */
    static final Duration STALL_LIMIT = Duration.ofSeconds(60);
    /** Bounds the wait for a loop to let go of closed channels: a loop that died never answers. */
    private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(5);

    private final RelayLoop[] loops;
    private final RelayTransport transport;
    private final AtomicInteger next = new AtomicInteger();
    private final BufferPool pool;
    private final Duration stallLimit;
    private volatile Consumer<Throwable> onDeath = death -> {
    };

    RelayLoops(int count, BufferPool pool, Duration stallLimit, RelayTransport transport) {
        this.pool = pool;
        this.stallLimit = stallLimit;
        this.transport = transport;
        loops = new RelayLoop[count];
        for (int i = 0; i < count; i++) {
            String name = "relay-loop-" + i;
            try {
                loops[i] = switch (transport) {
                    case NIO -> new NioLoop(this, Selector.open(), name);
                    case SPLICE -> new EpollLoop(this, name);
                };
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the relay's event loops (" + transport.key() + ")", e);
            }
        }
        for (RelayLoop loop : loops) {
            loop.start();
        }
    }

    /**
     * Starts {@code count} loops sharing {@code bufferBudget} bytes of buffers (see {@link #defaultBudget}),
     * on the {@link RelayTransport#configured configured} transport.
     */
    public static RelayLoops start(int count, long bufferBudget) {
        return start(count, bufferBudget, RelayTransport.configured());
    }

    /** As {@link #start(int, long)}, on {@code transport}, which must be able to run here. */
    public static RelayLoops start(int count, long bufferBudget, RelayTransport transport) {
        return new RelayLoops(count, new BufferPool(bufferBudget), STALL_LIMIT, transport);
    }

    /** The transport the loops run on. */
    public RelayTransport transport() {
        return transport;
    }

    /**
     * The bytes of buffer memory the relay may hold for data in flight (see docs/reliability.md): half
     * the heap limit, unless {@code -Dsleepingd.relay.memory=SIZE} says otherwise.
     *
     * @throws IllegalArgumentException when that property is not a valid size
     */
    public static long defaultBudget() {
        return BufferPool.budgetFrom(System.getProperty("sleepingd.relay.memory"), Runtime.getRuntime().maxMemory());
    }

    /** The bytes of buffer memory these loops may hold. */
    public long bufferBudget() {
        return pool.budget();
    }

    BufferPool pool() {
        return pool;
    }

    Duration stallLimit() {
        return stallLimit;
    }

    /**
     * Tells {@code handler} if a loop dies: nothing it relays can then move, and the listening sockets
     * it watches accept nothing, so the daemon must not go on serving half its ports.
     */
    public void onDeath(Consumer<Throwable> handler) {
        onDeath = handler;
    }

    void died(RelayLoop loop, Throwable death) {
        LOG.error("relay loop {} died; the connections it relayed are stuck", loop.name(), death);
        onDeath.accept(death);
    }

    /**
     * The loops a listening socket should be watched by. On the splice transport, every loop: the
     * kernel wakes one of them per connection ({@code EPOLLEXCLUSIVE}), so one port's connections
     * spread over the cores. On NIO, which cannot ask for that, the next in turn: a socket watched
     * by every loop wakes them all for each connection, and only one gets it; measured, fewer
     * connections per second (docs/benchmarks.md).
     */
    public List<EventLoop> acceptingLoops() {
        return switch (transport) {
            case NIO -> List.of(next());
            case SPLICE -> List.of(loops);
        };
    }

    /**
     * Returns once every loop has let go of the channels closed before the call: a registered channel's
     * descriptor is only closed by the selector's next select, so a closed listening socket would
     * otherwise keep its port until the loop next woke up. Bounded: a dead loop never answers.
     */
    public void release() {
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

    /** Starts relaying a client and its connected backend, and returns at once. */
    public ActiveRelay relay(SocketChannel client, SocketChannel backend, Traffic traffic) {
        RelayLoop loop = next();
        LoopConnection connection = loop.connection(client, traffic);
        loop.execute(() -> guarded(connection, () -> connection.relay(backend)));
        return connection.handle();
    }

    /**
     * Connects to the backend (giving up after {@link Relay#CONNECT_TIMEOUT}) and relays, without
     * blocking the caller: the fast path for a backend that is awake.
     */
    public ActiveRelay connectAndRelay(SocketChannel client, InetSocketAddress backend, Traffic traffic) {
        RelayLoop loop = next();
        LoopConnection connection = loop.connection(client, traffic);
        loop.execute(() -> guarded(connection, () -> connection.connect(backend)));
        return connection.handle();
    }

    /** A bug in a connection's first step ends that connection (both sockets, its outcome), then the loop logs it. */
    private static void guarded(LoopConnection connection, Runnable step) {
        try {
            step.run();
        } catch (Throwable bug) {
            connection.failed(bug);
            throw bug;
        }
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

    /**
     * Stops the loops and waits (bounded) until each has closed its selector and the sockets still
     * registered with it; the daemon has ended their connections before.
     */
    @Override
    public void close() {
        for (RelayLoop loop : loops) {
            loop.stop();
        }
        try {
            for (RelayLoop loop : loops) {
                loop.awaitStopped(RELEASE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
