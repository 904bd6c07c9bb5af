package io.sleepingd.relay;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

/**
 * A listening socket accepted from on one {@link RelayLoop}: each connection is then connected and
 * relayed by the same loop, with no thread in between.
 */
final class LoopAcceptor implements Ready {
    /** Accepts per readiness event, so that one busy port cannot starve the loop's other connections. */
    private static final int BATCH = 16;

    private final RelayLoop loop;
    private final ServerSocketChannel server;
    private final Consumer<SocketChannel> handler;
    private final Consumer<IOException> onFailure;

    LoopAcceptor(RelayLoop loop, ServerSocketChannel server, Consumer<SocketChannel> handler,
            Consumer<IOException> onFailure) {
        this.loop = loop;
        this.server = server;
        this.handler = handler;
        this.onFailure = onFailure;
    }

    void register() {
        try {
            server.configureBlocking(false);
            server.register(loop.selector(), SelectionKey.OP_ACCEPT, this);
        } catch (ClosedChannelException e) {
            // closed before the loop got to it: nothing to accept
        } catch (IOException e) {
            onFailure.accept(e);
        }
    }

    @Override
    public void failed(Throwable bug) {
        // The connection being handed over is the handler's to close; accepting goes on.
    }

    @Override
    public void ready(SelectionKey key) {
        for (int i = 0; i < BATCH && key.isValid(); i++) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // Typically out of file descriptors: the connection stays in the backlog; retry shortly.
                onFailure.accept(e);
                key.interestOps(0);
                Thread.startVirtualThread(() -> {
                    try {
                        Thread.sleep(Relay.ACCEPT_RETRY_PAUSE);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                    loop.execute(() -> {
                        if (key.isValid()) {
                            key.interestOps(SelectionKey.OP_ACCEPT);
                        }
                    });
                });
                return;
            }
            if (client == null) {
                return; // the backlog is empty
            }
            try {
                handler.accept(client);
            } catch (Throwable bug) {
                Relay.reset(client); // the client sees its connection cut instead of hanging
                throw bug; // the loop logs it and goes on
            }
        }
    }
}
