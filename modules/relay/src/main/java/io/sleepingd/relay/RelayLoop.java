package io.sleepingd.relay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event-loop relay: one selector thread per core connects to backends and moves the bytes of
 * many connections, each readiness event handled where it arrives, with no hand-over to another
 * thread. Everything that touches a connection's channels after it is handed over runs on its loop.
 */
final class RelayLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(RelayLoop.class);
    private static final RelayLoop[] LOOPS = start(Math.max(1, Runtime.getRuntime().availableProcessors()));
    private static final AtomicInteger NEXT = new AtomicInteger();

    private final Selector selector;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Connections waiting for their backend to accept, oldest first: with one timeout for all, also soonest due first. */
    private final ArrayDeque<LoopConnection> connecting = new ArrayDeque<>();
    /**
     * Every read of this loop lands here first. A flow whose sink cannot take it all keeps the buffer,
     * and the loop takes another from the pool; only the loop's thread touches it.
     */
    ByteBuffer scratch = BufferPool.SHARED.take();
    private Thread thread;

    private RelayLoop(Selector selector) {
        this.selector = selector;
    }

    private static RelayLoop[] start(int count) {
        RelayLoop[] loops = new RelayLoop[count];
        for (int i = 0; i < count; i++) {
            try {
                loops[i] = new RelayLoop(Selector.open());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open a selector for the relay", e);
            }
            loops[i].thread = Thread.ofPlatform().daemon().name("relay-loop-" + i).unstarted(loops[i]);
            loops[i].thread.start();
        }
        return loops;
    }

    /**
     * Accepts on one loop, the next in turn, which also relays the connections it accepts. Every loop
     * registering the socket would spread one port's connections over the cores, but wakes every loop
     * for each connection, and only one gets it: measured, fewer connections per second
     * (docs/benchmarks.md). Closing the channel stops it; {@link #release} then frees the port.
     */
    static void accept(ServerSocketChannel server, Consumer<SocketChannel> handler, Consumer<IOException> onFailure) {
        RelayLoop loop = next();
        LoopAcceptor acceptor = new LoopAcceptor(loop, server, handler, onFailure);
        loop.execute(acceptor::register);
    }

    /**
     * Returns once every loop has let go of the channels closed before the call: a registered channel's
     * descriptor is only closed by the selector's next select, so a closed listening socket would
     * otherwise keep its port until the loop next woke up.
     */
    static void release() {
        List<CompletableFuture<Void>> released = new ArrayList<>();
        for (RelayLoop loop : LOOPS) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            released.add(done);
            loop.execute(() -> {
                try {
                    loop.selector.selectNow(); // deregisters cancelled keys; what it selects is handled next
                } catch (IOException e) {
                    // the loop's own select reports nothing either; the close happens at its next select
                }
                done.complete(null);
            });
        }
        CompletableFuture.allOf(released.toArray(CompletableFuture[]::new)).join();
    }

    static ActiveRelay start(SocketChannel client, SocketChannel backend, LongAdder traffic) {
        RelayLoop loop = next();
        LoopConnection connection = new LoopConnection(loop, client, traffic);
        loop.execute(() -> connection.relay(backend));
        return connection.handle();
    }

    static ActiveRelay connectAndStart(SocketChannel client, InetSocketAddress backend, LongAdder traffic) {
        RelayLoop loop = next();
        LoopConnection connection = new LoopConnection(loop, client, traffic);
        loop.execute(() -> connection.connect(backend));
        return connection.handle();
    }

    /** The calling loop itself (a connection accepted on a loop stays there), or the next in turn. */
    private static RelayLoop next() {
        for (RelayLoop loop : LOOPS) {
            if (loop.thread == Thread.currentThread()) {
                return loop;
            }
        }
        return LOOPS[Math.floorMod(NEXT.getAndIncrement(), LOOPS.length)];
    }

    /** Runs the task on this loop's thread: now, if called there. */
    void execute(Runnable task) {
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

    void awaitConnect(LoopConnection connection) {
        connecting.add(connection);
    }

    @Override
    public void run() {
        while (true) {
            try {
                LoopConnection oldest = connecting.peek();
                long wait = oldest == null ? 0 : Math.max(1, (oldest.connectDeadline() - System.nanoTime()) / 1_000_000);
                selector.select(wait);
            } catch (IOException e) {
                // select itself failing is not something a connection caused; try again
                continue;
            }
            for (Runnable task; (task = tasks.poll()) != null; ) {
                try {
                    task.run();
                } catch (RuntimeException bug) {
                    LOG.error("relay loop {}: internal error in a task; the loop goes on", thread.getName(), bug);
                }
            }
            Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
            while (ready.hasNext()) {
                SelectionKey key = ready.next();
                ready.remove();
                Ready attachment = (Ready) key.attachment();
                try {
                    attachment.ready(key);
                } catch (RuntimeException bug) {
                    // One connection's bug must not stop the loop that relays hundreds of others.
                    LOG.error("relay loop {}: internal error; ending the connection", thread.getName(), bug);
                    attachment.failed(bug);
                }
            }
            long now = System.nanoTime();
            for (LoopConnection oldest; (oldest = connecting.peek()) != null; ) {
                if (oldest.isConnecting() && oldest.connectDeadline() - now > 0) {
                    break;
                }
                connecting.poll().connectTimedOut();
            }
        }
    }
}
