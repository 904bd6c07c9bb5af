package io.sleepingd.relay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The event-loop relay: one selector thread per core moves the bytes of many connections, each
 * readiness event handled where it arrives, with no hand-over to another thread. Selected with
 * {@code -Dsleepingd.relay=loop}; see docs/benchmarks.md for how it compares with the pumps.
 */
final class RelayLoop implements Runnable {
    private static final RelayLoop[] LOOPS = start(Math.max(1, Runtime.getRuntime().availableProcessors()));
    private static final AtomicInteger NEXT = new AtomicInteger();

    private final Selector selector;
    private final ConcurrentLinkedQueue<LoopConnection> incoming = new ConcurrentLinkedQueue<>();
    /** Every read of this loop lands here first; only bytes a full sink cannot take yet are copied out. */
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(BufferPool.SIZE);

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
            Thread.ofPlatform().daemon().name("relay-loop-" + i).start(loops[i]);
        }
        return loops;
    }

    /** Hands the connection to one of the loops; the future completes when both directions have ended. */
    static CompletableFuture<RelayResult> relay(SocketChannel client, SocketChannel backend, LongAdder traffic) {
        RelayLoop loop = LOOPS[Math.floorMod(NEXT.getAndIncrement(), LOOPS.length)];
        LoopConnection connection = new LoopConnection(client, backend, traffic, loop.scratch);
        loop.incoming.add(connection);
        loop.selector.wakeup();
        return connection.done();
    }

    @Override
    public void run() {
        while (true) {
            try {
                selector.select();
            } catch (IOException e) {
                // select itself failing is not something a connection caused; try again
                continue;
            }
            for (LoopConnection connection; (connection = incoming.poll()) != null; ) {
                connection.register(selector);
            }
            Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
            while (ready.hasNext()) {
                SelectionKey key = ready.next();
                ready.remove();
                ((LoopConnection) key.attachment()).ready(key);
            }
        }
    }
}
