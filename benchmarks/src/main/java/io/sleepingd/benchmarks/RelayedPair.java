package io.sleepingd.benchmarks;

import io.sleepingd.acceptor.Listener;
import io.sleepingd.config.Origin;
import io.sleepingd.config.ServiceConfig;
import io.sleepingd.relay.RelayLoops;
import io.sleepingd.relay.RelayOutcome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.sleepingd.relay.Traffic;

/**
 * A backend on 127.0.0.1 (an echo, a sink, or a source that sends without end) and, optionally, the relay in front of it: what the
 * benchmarks connect to. "direct" connects to the backend itself, the baseline every relay figure
 * is compared with.
 */
final class RelayedPair implements AutoCloseable {
    enum Backend { ECHO, SINK, SOURCE }

    /** One set of loops per JVM, as in the daemon: what one pair's flows hold counts against the others. */
    private static final RelayLoops LOOPS = RelayLoops.start(Math.max(1, Runtime.getRuntime().availableProcessors()),
            RelayLoops.defaultBudget());

    private final ServerSocketChannel backend;
    private final Listener front;
    final Traffic traffic = new Traffic();

    RelayedPair(Backend kind, boolean relayed) throws IOException {
        backend = ServerSocketChannel.open();
        backend.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        Thread.ofVirtual().start(() -> serve(kind));
        front = relayed ? relay() : null;
    }

    InetSocketAddress address() throws IOException {
        return front != null ? front.addresses().getFirst() : (InetSocketAddress) backend.getLocalAddress();
    }

    SocketChannel connect() throws IOException {
        SocketChannel channel = SocketChannel.open(address());
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        return channel;
    }

    /** As the daemon serves an awake service: accepted on the relay's loops, connected and relayed there. */
    private Listener relay() throws IOException {
        InetSocketAddress target = (InetSocketAddress) backend.getLocalAddress();
        ServiceConfig front = new ServiceConfig("benchmark", new Origin(Path.of("benchmark"), 1), true, 0,
                List.of(InetAddress.getLoopbackAddress()), Duration.ofSeconds(60), Duration.ZERO, Duration.ZERO,
                "none", Optional.empty(), Map.of(), Map.of());
        Listener listener = Listener.bind(front, client -> LOOPS.connectAndRelay(client, target, traffic).outcome()
                .thenAccept(outcome -> {
                    if (outcome instanceof RelayOutcome.NotConnected) {
                        close(client);
                    }
                }));
        listener.serve(LOOPS);
        return listener;
    }

    private void serve(Backend kind) {
        while (backend.isOpen()) {
            try {
                SocketChannel connection = backend.accept();
                connection.setOption(StandardSocketOptions.TCP_NODELAY, true);
                Thread.ofVirtual().start(() -> {
                    ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
                    try (connection) {
                        while (kind == Backend.SOURCE) {
                            connection.write(buffer.clear());
                        }
                        while (connection.read(buffer) >= 0) {
                            buffer.flip();
                            if (kind == Backend.ECHO) {
                                while (buffer.hasRemaining()) {
                                    connection.write(buffer);
                                }
                            }
                            buffer.clear();
                        }
                    } catch (IOException e) {
                        // the benchmark closed its connection
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Writes the whole buffer: what a bulk benchmark's operation is. */
    static void writeAll(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static void close(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing after a failure; nothing more to do
        }
    }

    @Override
    public void close() throws IOException {
        if (front != null) {
            front.close();
        }
        backend.close();
    }
}
