package io.sleepingd.relay;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The virtual-thread relay: client to backend on one virtual thread, backend to client on another,
 * each a blocking {@link Pump}. Straight-line code; the alternative to {@link RelayLoop}.
 */
final class PumpRelay {
    private static final Logger LOG = LoggerFactory.getLogger(PumpRelay.class);
    /** A listening socket's descriptor is closed only when its blocked accepting thread leaves accept. */
    private static final Map<ServerSocketChannel, Thread> ACCEPTING = new ConcurrentHashMap<>();
    private final SocketChannel client;
    private final LongAdder traffic;
    private final ActiveRelay handle = new ActiveRelay(this::abort);
    /** Shared by both directions and the abort: the error that ended the relay, not the one our close caused. */
    private final AtomicReference<IOException> firstFailure = new AtomicReference<>();
    private volatile SocketChannel backend;

    private PumpRelay(SocketChannel client, SocketChannel backend, LongAdder traffic) {
        this.client = client;
        this.backend = backend;
        this.traffic = traffic;
    }

    static ActiveRelay start(SocketChannel client, SocketChannel backend, LongAdder traffic) {
        PumpRelay relay = new PumpRelay(client, backend, traffic);
        Thread.ofVirtual().name("relay-down").start(() -> relay.handle.complete(relay.run()));
        return relay.handle;
    }

    static ActiveRelay connectAndStart(SocketChannel client, InetSocketAddress address, LongAdder traffic) {
        PumpRelay relay = new PumpRelay(client, null, traffic);
        Thread.ofVirtual().name("relay-down").start(() -> relay.handle.complete(relay.connectAndRun(address)));
        return relay.handle;
    }

    /** One virtual thread accepts, and gives each connection to the handler. */
    static void accept(ServerSocketChannel server, Consumer<SocketChannel> handler, Consumer<IOException> onFailure) {
        Thread accepting = Thread.ofVirtual().name("accept").unstarted(() -> {
            while (server.isOpen()) {
                SocketChannel client;
                try {
                    client = server.accept();
                } catch (ClosedChannelException e) {
                    return;
                } catch (IOException e) {
                    onFailure.accept(e); // typically out of descriptors: the connection waits in the backlog
                    try {
                        Thread.sleep(Relay.ACCEPT_RETRY_PAUSE);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                    continue;
                }
                try {
                    handler.accept(client);
                } catch (RuntimeException bug) {
                    Relay.closeQuietly(client); // the client sees its connection end instead of hanging
                    LOG.error("internal error handing over a connection; accepting goes on", bug);
                }
            }
        });
        ACCEPTING.put(server, accepting);
        accepting.start();
    }

    /** Closes the socket and waits until its accepting thread has let go of it, so the port is free. */
    static void close(ServerSocketChannel server) throws IOException {
        server.close();
        Thread accepting = ACCEPTING.remove(server);
        if (accepting == null) {
            return;
        }
        try {
            if (!accepting.join(Duration.ofSeconds(5))) {
                LOG.warn("the accepting thread of {} did not end within 5 s; its port may stay bound", server);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private RelayOutcome connectAndRun(InetSocketAddress address) {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            backend = channel;
            channel.socket().connect(address, (int) Relay.CONNECT_TIMEOUT.toMillis());
        } catch (IOException e) {
            if (Relay.isReset(e)) {
                firstFailure.compareAndSet(null, e);
                return run();
            }
            Relay.closeQuietly(channel);
            if (firstFailure.get() instanceof RelayAbortedException aborted) {
                Relay.closeQuietly(client);
                return new RelayOutcome.Ended(new RelayResult(0, 0, aborted));
            }
            return new RelayOutcome.NotConnected(e);
        }
        return run();
    }

    private RelayOutcome run() {
        Pump upstream = new Pump(client, backend, traffic, firstFailure);
        Pump downstream = new Pump(backend, client, traffic, firstFailure);
        try (client; SocketChannel ignored = backend) {
            Relay.setNoDelay(client);
            Relay.setNoDelay(backend);
            Thread up = Thread.ofVirtual().name("relay-up").start(upstream);
            downstream.run();
            up.join();
        } catch (IOException e) {
            firstFailure.compareAndSet(null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            firstFailure.compareAndSet(null, new RelayAbortedException());
        }
        return new RelayOutcome.Ended(new RelayResult(upstream.bytes(), downstream.bytes(), firstFailure.get()));
    }

    private void abort() {
        firstFailure.compareAndSet(null, new RelayAbortedException()); // before the close the pumps will fail on
        Relay.closeQuietly(client);
        Relay.closeQuietly(backend);
    }
}
