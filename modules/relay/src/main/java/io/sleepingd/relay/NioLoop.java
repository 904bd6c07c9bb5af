package io.sleepingd.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link RelayTransport#NIO portable transport}'s loop: a JDK {@link Selector}, every watched
 * channel's key attached to what handles it ({@link Selected}). Touched by its thread alone, but for
 * {@link #wakeup}.
 */
final class NioLoop extends RelayLoop {
    private static final Logger LOG = LoggerFactory.getLogger(NioLoop.class);

    private final Selector selector;
    /**
     * Every read of this loop lands here first. A flow whose sink cannot take it all keeps the buffer,
     * and the loop takes another from the pool.
     */
    ByteBuffer scratch;

    NioLoop(RelayLoops group, Selector selector, String name) {
        super(group, name);
        this.selector = selector;
    }

    @Override
    void start() {
        scratch = pool().takeLarge();
        super.start();
    }

    Selector selector() {
        return selector;
    }

    @Override
    LoopConnection connection(SocketChannel client, Traffic traffic) {
        return new NioConnection(this, client, traffic);
    }

    @Override
    public Watch watch(SelectableChannel channel, Ready handler) throws IOException {
        channel.configureBlocking(false);
        int ops = channel.validOps() & (SelectionKey.OP_ACCEPT | SelectionKey.OP_READ);
        SelectionKey key = channel.register(selector, ops, new Selected() {
            @Override
            public void selected(SelectionKey key) {
                handler.ready();
            }

            @Override
            public void failed(Throwable bug) {
                handler.failed(bug);
            }
        });
        return new Watch() {
            @Override
            public boolean isValid() {
                return key.isValid();
            }

            @Override
            public void pause() {
                key.interestOps(0);
            }

            @Override
            public void resume() {
                key.interestOps(ops);
            }
        };
    }

    @Override
    void wakeup() {
        selector.wakeup();
    }

    @Override
    void await(long timeoutMillis) throws IOException {
        selector.select(timeoutMillis);
    }

    @Override
    void dispatch() {
        Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
        while (ready.hasNext()) {
            SelectionKey key = ready.next();
            ready.remove();
            Selected attachment = (Selected) key.attachment();
            try {
                attachment.selected(key);
            } catch (Throwable bug) {
                handlerFailed(bug);
                attachment.failed(bug);
            }
        }
    }

    @Override
    List<LoopConnection> connections() {
        List<LoopConnection> connections = new ArrayList<>();
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof LoopConnection connection) {
                connections.add(connection); // once per socket: ending one twice is harmless
            }
        }
        return connections;
    }

    @Override
    CompletableFuture<Void> release() {
        if (!isAlive()) {
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

    /** Whatever is still registered has no loop left to serve it: its descriptors go, and the selector's. */
    @Override
    void closeAll() {
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
        pool().give(scratch);
        scratch = null;
    }

    /** What a selected key is attached to: a connection, or a watched channel's handler. */
    interface Selected {
        void selected(SelectionKey key);

        void failed(Throwable bug);
    }
}
