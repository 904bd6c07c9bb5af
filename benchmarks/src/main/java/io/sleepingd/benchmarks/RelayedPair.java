package io.sleepingd.benchmarks;

import io.sleepingd.acceptor.Listener;
import io.sleepingd.config.Origin;
import io.sleepingd.config.ServiceConfig;
import io.sleepingd.relay.RelayLoops;
import io.sleepingd.relay.RelayOutcome;
import io.sleepingd.relay.RelayTransport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import io.sleepingd.relay.Traffic;

/**
 * A backend on 127.0.0.1 (an echo, a sink, or a source that sends without end) and, optionally, the
 * relay in front of it, on one of its transports: what the benchmarks connect to. The path "direct"
 * connects to the backend itself, the baseline every relay figure is compared with; "splice" and
 * "nio" go through the relay on that transport. The splice transport needs the JVM options
 * {@link #EXPORTS} and {@link #NATIVE_ACCESS} (the benchmarks run on the class path).
 */
final class RelayedPair implements AutoCloseable {
    enum Backend { ECHO, SINK, SOURCE }

    /** What the forked JVMs need for the splice transport, from the class path. */
    static final String EXPORTS = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

    /** One set of loops per transport and JVM, as in the daemon: what one pair's flows hold counts against the others. */
    private static final Map<RelayTransport, RelayLoops> LOOPS = new EnumMap<>(RelayTransport.class);

    private static synchronized RelayLoops loops(RelayTransport transport) {
        return LOOPS.computeIfAbsent(transport, t -> RelayLoops.start(
                Math.max(1, Runtime.getRuntime().availableProcessors()), RelayLoops.defaultBudget(), t));
    }

    private final ServerSocketChannel backend;
    private final Listener front;
    final Traffic traffic = new Traffic();

    /** {@code path}: "direct", or a relay transport's {@link RelayTransport#key key}. */
    RelayedPair(Backend kind, String path) throws IOException {
        backend = ServerSocketChannel.open();
        backend.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        Thread.ofVirtual().start(() -> serve(kind));
        front = path.equals("direct") ? null : relay(loops(RelayTransport.valueOf(path.toUpperCase(Locale.ROOT))));
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
    private Listener relay(RelayLoops loops) throws IOException {
        InetSocketAddress target = (InetSocketAddress) backend.getLocalAddress();
        ServiceConfig front = new ServiceConfig("benchmark", new Origin(Path.of("benchmark"), 1), true, 0,
                List.of(InetAddress.getLoopbackAddress()), Duration.ofSeconds(60), Duration.ZERO, Duration.ZERO,
                "none", Optional.empty(), Map.of(), Map.of());
        Listener listener = Listener.bind(front, client -> loops.connectAndRelay(client, target, traffic).outcome()
                .thenAccept(outcome -> {
                    if (outcome instanceof RelayOutcome.NotConnected) {
                        close(client);
                    }
                }));
        listener.serve(loops);
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
