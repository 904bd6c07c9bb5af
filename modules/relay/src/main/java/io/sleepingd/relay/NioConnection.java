package io.sleepingd.relay;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.LongAdder;

/**
 * A connection on the {@link RelayTransport#NIO portable transport}: the JDK's channels, each flow
 * reading into its loop's scratch buffer and keeping a buffer only while its sink has not taken
 * what it read.
 */
final class NioConnection extends LoopConnection implements NioLoop.Selected {
    private final NioLoop loop;
    private SocketChannel backend;
    private SelectionKey clientKey;
    private SelectionKey backendKey;

    NioConnection(NioLoop loop, SocketChannel client, Traffic traffic) {
        super(loop, client, traffic);
        this.loop = loop;
    }

    @Override
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
            backendKey = backend.register(loop.selector(), SelectionKey.OP_CONNECT, this);
            connecting();
        } catch (IOException e) {
            notConnected(e);
        }
    }

    @Override
    void closeUnconnectedBackend() {
        Relay.closeQuietly(backend);
    }

    @Override
    void relay(SocketChannel connected) {
        if (over) {
            Relay.closeQuietly(connected); // aborted while waiting for the loop
            return;
        }
        backend = connected;
        connecting = false;
        up = new NioFlow(client, backend, "backend", traffic.toBackendAdder());
        down = new NioFlow(backend, client, "client", traffic.toClientAdder());
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
    public void selected(SelectionKey key) {
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
        super.failed(bug);
    }

    @Override
    void watch(boolean clientRead, boolean clientWrite, boolean backendRead, boolean backendWrite) {
        clientKey.interestOps((clientRead ? SelectionKey.OP_READ : 0) | (clientWrite ? SelectionKey.OP_WRITE : 0));
        backendKey.interestOps((backendRead ? SelectionKey.OP_READ : 0) | (backendWrite ? SelectionKey.OP_WRITE : 0));
    }

    @Override
    void close(boolean reset) {
        if (reset) {
            Relay.reset(client);
            Relay.reset(backend);
        } else {
            Relay.closeQuietly(client);
            Relay.closeQuietly(backend);
        }
    }

    /** One direction through the JDK's channels. */
    private final class NioFlow extends Flow {
        private final SocketChannel source;
        private final SocketChannel sink;
        private ByteBuffer pending;

        NioFlow(SocketChannel source, SocketChannel sink, String sinkName, LongAdder counted) {
            super(sinkName, counted);
            this.source = source;
            this.sink = sink;
        }

        @Override
        boolean holdsData() {
            return pending != null;
        }

        @Override
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
            moved(n, loop.turnStarted);
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

        @Override
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

        @Override
        void release() {
            if (pending != null) {
                loop.pool().give(pending);
                pending = null;
            }
        }
    }
}
