package io.sleepingd.relay;

import io.sleepingd.logging.RepeatingLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * One event loop: a selector thread that accepts (for the acceptor, which {@link #watch watches}
 * its listening sockets here), connects to backends and moves the bytes of many connections, each
 * readiness event handled on this thread, where it arrives. Everything that touches a connection's channels after it is handed over runs on its loop; other
 * threads only {@link #execute} tasks on it.
 *
 * <p>Fault isolation: nothing one connection does, no exception and no {@link Error} (an
 * {@code OutOfMemoryError} included), ends the loop; it is logged, that connection is ended, and the
 * loop goes on. Should the loop die all the same, its {@link RelayLoops} is told.
 */
final class RelayLoop implements EventLoop, Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(RelayLoop.class);
    /** The longest select: how often stalled flows are looked at while the buffer budget is spent. */
    private static final long HOUSEKEEPING_MILLIS = 1000;
    /** How soon flows waiting for memory look again, since another loop may have given it back. */
    private static final long MEMORY_RETRY_MILLIS = 50;
    /** After select itself fails (not something a connection caused): do not spin. */
    private static final Duration SELECT_RETRY_PAUSE = Duration.ofMillis(100);

    /** A bug hit by every connection, or a select failing in a row, must not write a line per event. */
    private final RepeatingLog errors = new RepeatingLog(LOG, Level.ERROR, Duration.ofSeconds(10));
    private final RelayLoops group;
    private final Selector selector;
    private final Thread thread;
    /** Tasks handed over after the loop stopped are never run: only the daemon's shutdown does that, last. */
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Connections waiting for their backend to accept, oldest first: with one timeout for all, also soonest due first. */
    private final ArrayDeque<LoopConnection> connecting = new ArrayDeque<>();
    /** Connections with a flow that may not read until the buffer budget has room again. */
    private final Set<LoopConnection> waitingForMemory = new LinkedHashSet<>();
    private long nextHousekeeping = System.nanoTime();
    /**
     * When the current turn's select returned: the time a flow's bytes count as moved at, read once
     * per turn rather than once per read.
     */
    long turnStarted = System.nanoTime();
    private volatile boolean stopped;
    /**
     * Every read of this loop lands here first. A flow whose sink cannot take it all keeps the buffer,
     * and the loop takes another from the pool; only the loop's thread touches it.
     */
    ByteBuffer scratch;

    RelayLoop(RelayLoops group, Selector selector, String name) {
        this.group = group;
        this.selector = selector;
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this);
    }

    void start() {
        scratch = group.pool().takeLarge();
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
            selector.wakeup();
        }
    }

    Selector selector() {
        return selector;
    }

    @Override
    public SelectionKey watch(SelectableChannel channel, int ops, Ready handler) throws IOException {
        channel.configureBlocking(false);
        return channel.register(selector, ops, handler);
    }

    void awaitConnect(LoopConnection connection) {
        connecting.add(connection);
    }

    void awaitMemory(LoopConnection connection) {
        waitingForMemory.add(connection);
    }

    /** Completes once the selector has let go of the channels closed before the call; see {@link RelayLoops#release}. */
    CompletableFuture<Void> release() {
        if (!thread.isAlive()) {
            return CompletableFuture.completedFuture(null); // a dead loop holds its channels for good
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        execute(() -> {
            try {
                selector.selectNow(); // deregisters cancelled keys; what it selects is handled next
            } catch (IOException e) {
                // the loop's own select reports it; the close happens at its next select
            }
            done.complete(null);
        });
        return done;
    }

    void stop() {
        stopped = true;
        selector.wakeup();
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

    /** Whatever is still registered has no loop left to serve it: its descriptors go, and the selector's. */
    private void closeAll() {
        for (SelectionKey key : selector.keys()) {
            try {
                key.channel().close();
            } catch (IOException e) {
                // closing to let go of it; nothing else to do
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.warn("relay loop {}: closing its selector failed: {}", name(), e.getMessage());
        }
        group.pool().give(scratch);
        scratch = null;
    }

    private void turn() throws InterruptedException {
        try {
            selector.select(selectTimeout());
        } catch (IOException e) {
            errors.log("relay loop " + name() + ": select failed: " + e.getMessage() + "; retrying in "
                    + SELECT_RETRY_PAUSE.toMillis() + " ms");
            Thread.sleep(SELECT_RETRY_PAUSE);
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
        Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
        while (ready.hasNext()) {
            SelectionKey key = ready.next();
            ready.remove();
            Ready attachment = (Ready) key.attachment();
            try {
                attachment.ready(key);
            } catch (Throwable bug) {
                // One connection's bug (or an OutOfMemoryError) must not stop the loop that relays hundreds of others.
                errors.log("relay loop " + name() + ": internal error; ending the connection: " + bug, bug);
                attachment.failed(bug);
            }
        }
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
        for (SelectionKey key : List.copyOf(selector.keys())) {
            if (key.attachment() instanceof LoopConnection connection) {
                connection.endIfStalled(now, limit);
            }
        }
    }

    private long selectTimeout() {
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
