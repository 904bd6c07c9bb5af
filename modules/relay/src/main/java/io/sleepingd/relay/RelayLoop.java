package io.sleepingd.relay;

import io.sleepingd.logging.RepeatingLog;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * One event loop: a thread that accepts (for the acceptor, which {@link #watch watches} its listening
 * sockets here), connects to backends and moves the bytes of many connections, each readiness event
 * handled on this thread, where it arrives. Everything that touches a connection's sockets after it
 * is handed over runs on its loop; other threads only {@link #execute} tasks on it. What waits for
 * readiness is the transport's ({@link NioLoop}, {@link EpollLoop}); the turn around it is here.
 *
 * <p>Fault isolation: nothing one connection does, no exception and no {@link Error} (an
 * {@code OutOfMemoryError} included), ends the loop; it is logged, that connection is ended, and the
 * loop goes on. Should the loop die all the same, its {@link RelayLoops} is told.
 */
abstract sealed class RelayLoop implements EventLoop, Runnable permits NioLoop, EpollLoop {
    private static final Logger LOG = LoggerFactory.getLogger(RelayLoop.class);
    /** The longest wait: how often stalled flows are looked at while the buffer budget is spent. */
    private static final long HOUSEKEEPING_MILLIS = 1000;
    /** How soon flows waiting for memory look again, since another loop may have given it back. */
    private static final long MEMORY_RETRY_MILLIS = 50;
    /** After the wait itself fails (not something a connection caused): do not spin. */
    private static final Duration WAIT_RETRY_PAUSE = Duration.ofMillis(100);

    /** A bug hit by every connection, or a wait failing in a row, must not write a line per event. */
    private final RepeatingLog errors = new RepeatingLog(LOG, Level.ERROR, Duration.ofSeconds(10));
    private final RelayLoops group;
    private final Thread thread;
    /** Tasks handed over after the loop stopped are never run: only the daemon's shutdown does that, last. */
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Connections waiting for their backend to accept, oldest first: with one timeout for all, also soonest due first. */
    private final ArrayDeque<LoopConnection> connecting = new ArrayDeque<>();
    /** Connections with a flow that may not read until the buffer budget has room again. */
    private final Set<LoopConnection> waitingForMemory = new LinkedHashSet<>();
    private long nextHousekeeping = System.nanoTime();
    /**
     * When the current turn's wait returned: the time a flow's bytes count as moved at, read once per
     * turn rather than once per read.
     */
    long turnStarted = System.nanoTime();
    private volatile boolean stopped;

    RelayLoop(RelayLoops group, String name) {
        this.group = group;
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this);
    }

    void start() {
        thread.start();
    }

    String name() {
        return thread.getName();
    }

    boolean isCurrentThread() {
        return Thread.currentThread() == thread;
    }

    BufferPool pool() {
        return group.pool();
    }

    @Override
    public void execute(Runnable task) {
        if (Thread.currentThread() == thread) {
            task.run();
        } else {
            tasks.add(task);
            wakeup();
        }
    }

    /** A connection for {@code client}, on this loop, not started yet. */
    abstract LoopConnection connection(SocketChannel client, Traffic traffic);

    /** Makes the current or next wait return at once; from any thread. */
    abstract void wakeup();

    /** Waits up to {@code timeoutMillis} for readiness; what is ready is handled by {@link #dispatch}. */
    abstract void await(long timeoutMillis) throws IOException;

    /**
     * Calls the handlers of what the last wait found ready; a handler that throws is reported to
     * {@link #handlerFailed} and its own {@code failed}, and the others are still called.
     */
    abstract void dispatch();

    /** The connections on this loop now, for the housekeeping that ends stalled ones. */
    abstract List<LoopConnection> connections();

    /** The loop is over: closes whatever it still watches, then what it waits with. */
    abstract void closeAll();

    /** Completes once the loop has let go of the channels closed before the call; see {@link RelayLoops#release}. */
    abstract CompletableFuture<Void> release();

    void awaitConnect(LoopConnection connection) {
        connecting.add(connection);
    }

    void awaitMemory(LoopConnection connection) {
        waitingForMemory.add(connection);
    }

    boolean isAlive() {
        return thread.isAlive();
    }

    void stop() {
        stopped = true;
        wakeup();
    }

    void awaitStopped(Duration timeout) throws InterruptedException {
        if (!isCurrentThread()) {
            thread.join(timeout);
        }
    }

    @Override
    public void run() {
        try {
            while (!stopped) {
                turn();
            }
        } catch (Throwable death) {
            group.died(this, death);
        } finally {
            closeAll();
        }
    }

    /**
     * A handler threw: one connection's bug (or an OutOfMemoryError) must not stop the loop that
     * relays hundreds of others. Logged here; the caller then ends that connection.
     */
    final void handlerFailed(Throwable bug) {
        errors.log("relay loop " + name() + ": internal error; ending the connection: " + bug, bug);
    }

    private void turn() throws InterruptedException {
        try {
            await(waitMillis());
        } catch (IOException e) {
            errors.log("relay loop " + name() + ": waiting for readiness failed: " + e.getMessage() + "; retrying in "
                    + WAIT_RETRY_PAUSE.toMillis() + " ms");
            Thread.sleep(WAIT_RETRY_PAUSE);
            return;
        }
        long now = System.nanoTime(); // one clock read per turn: for the flows' last byte, deadlines, housekeeping
        turnStarted = now;
        for (Runnable task; (task = tasks.poll()) != null; ) {
            try {
                task.run();
            } catch (Throwable bug) {
                errors.log("relay loop " + name() + ": internal error in a task; the loop goes on: " + bug, bug);
            }
        }
        dispatch();
        for (LoopConnection oldest; (oldest = connecting.peek()) != null; ) {
            if (oldest.isConnecting() && oldest.connectDeadline() - now > 0) {
                break;
            }
            connecting.poll().connectTimedOut();
        }
        if (!waitingForMemory.isEmpty() && pool().canKeep()) {
            List<LoopConnection> waiting = new ArrayList<>(waitingForMemory);
            waitingForMemory.clear();
            waiting.forEach(LoopConnection::memoryAvailable); // those that still cannot read wait again
        }
        if (now - nextHousekeeping >= 0) {
            nextHousekeeping = now + HOUSEKEEPING_MILLIS * 1_000_000;
            if (!pool().canKeep()) {
                endStalledFlows(now);
            }
        }
    }

    /**
     * The budget is spent, so flows wait: a flow that has held data its sink would not take for the
     * stall limit (a client that stopped reading) gives its memory back by ending its connection.
     */
    private void endStalledFlows(long now) {
        long limit = group.stallLimit().toNanos();
        for (LoopConnection connection : connections()) {
            connection.endIfStalled(now, limit);
        }
    }

    private long waitMillis() {
        long wait = HOUSEKEEPING_MILLIS;
        if (!waitingForMemory.isEmpty()) {
            wait = MEMORY_RETRY_MILLIS;
        }
        LoopConnection oldest = connecting.peek();
        if (oldest != null) {
            wait = Math.min(wait, Math.max(1, (oldest.connectDeadline() - System.nanoTime()) / 1_000_000));
        }
        return wait;
    }
}
