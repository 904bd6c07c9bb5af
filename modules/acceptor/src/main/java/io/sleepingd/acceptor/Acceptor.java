package io.sleepingd.acceptor;

import io.sleepingd.relay.EventLoop;
import io.sleepingd.relay.Ready;
import io.sleepingd.relay.Relay;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Accepts one listening socket's connections on one event loop and hands each to its owner there, so
 * that the loop that accepted a connection also relays it. Touched only by that loop's thread, but for
 * the timer that ends a pause after a failed accept, which goes through the loop too.
 */
final class Acceptor implements Ready {
    /** After a failed accept (typically out of descriptors) the connection waits in the backlog this long. */
    static final Duration RETRY_PAUSE = Duration.ofMillis(100);

    private final EventLoop loop;
    private final ServerSocketChannel server;
    private final Consumer<SocketChannel> owner;
    private final Consumer<IOException> onFailure;
    /** Set on the loop once it watches the socket. */
    private EventLoop.Watch watch;

    private Acceptor(EventLoop loop, ServerSocketChannel server, Consumer<SocketChannel> owner,
            Consumer<IOException> onFailure) {
        this.loop = loop;
        this.server = server;
        this.owner = owner;
        this.onFailure = onFailure;
    }

    /**
     * Starts accepting on {@code loop}. {@code owner} must not block: it runs on the loop. Closing the
     * socket stops it.
     *
     * @param onFailure told when an accept fails; accepting resumes {@link #RETRY_PAUSE} later
     */
    static void start(EventLoop loop, ServerSocketChannel server, Consumer<SocketChannel> owner,
            Consumer<IOException> onFailure) {
        Acceptor acceptor = new Acceptor(loop, server, owner, onFailure);
        loop.execute(acceptor::watch);
    }

    private void watch() {
        try {
            watch = loop.watch(server, this);
        } catch (ClosedChannelException e) {
            // closed before the loop got to it: nothing to accept
        } catch (IOException e) {
            onFailure.accept(e); // out of descriptors for the selector, say: tried again after the pause
            after(RETRY_PAUSE, this::watch);
        }
    }

    @Override
    public void failed(Throwable bug) {
        // ready has already reset the connection it was handing over; accepting goes on.
    }

    /**
     * Accepts one connection per readiness event: the loop reports the socket again while its backlog
     * holds more, so one busy port cannot starve the loop's other connections, and no accept is spent
     * finding the backlog empty (measured: one system call fewer per connection, as many per second;
     * docs/benchmarks.md).
     */
    @Override
    public void ready() {
        if (!watch.isValid()) {
            return;
        }
        SocketChannel client;
        try {
            client = server.accept();
        } catch (ClosedChannelException e) {
            return;
        } catch (IOException e) {
            onFailure.accept(e);
            pause();
            return;
        }
        if (client == null) {
            return; // another loop took it
        }
        try {
            owner.accept(client);
        } catch (Throwable bug) {
            Relay.reset(client); // the client sees its connection cut instead of hanging
            throw bug; // the loop logs it and goes on
        }
    }

    /** Out of descriptors, say: the connection stays in the backlog, and the loop must not spin on it. */
    private void pause() {
        watch.pause();
        after(RETRY_PAUSE, () -> {
            if (watch.isValid()) {
                watch.resume();
            }
        });
    }

    /** Runs {@code task} on the loop after {@code pause}; rare (a failure), so a virtual thread sleeps for it. */
    private void after(Duration pause, Runnable task) {
        Thread.startVirtualThread(() -> {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException interrupted) {
                return;
            }
            loop.execute(task);
        });
    }
}
