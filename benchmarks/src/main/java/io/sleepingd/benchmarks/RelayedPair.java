package io.sleepingd.benchmarks;

import io.sleepingd.relay.Relay;
import io.sleepingd.relay.RelayOutcome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.LongAdder;

/**
 * A backend on 127.0.0.1 (an echo, a sink, or a source that sends without end) and, optionally, the relay in front of it: what the
 * benchmarks connect to. "direct" connects to the backend itself, the baseline every relay figure
 * is compared with.
 */
final class RelayedPair implements AutoCloseable {
    enum Backend { ECHO, SINK, SOURCE }

    private final ServerSocketChannel backend;
    private final ServerSocketChannel front;
    final LongAdder traffic = new LongAdder();

    RelayedPair(Backend kind, boolean relayed) throws IOException {
        backend = listen();
        Thread.ofVirtual().start(() -> serve(kind));
        front = relayed ? listen() : null;
        if (relayed) {
            relay();
        }
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) (front != null ? front : backend).getLocalAddress();
    }

    SocketChannel connect() throws IOException {
        SocketChannel channel = SocketChannel.open(address());
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        return channel;
    }

    private static ServerSocketChannel listen() throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        return server;
    }

    /** As the daemon serves an awake service: accepted on the relay's loops, connected and relayed there. */
    private void relay() throws IOException {
        InetSocketAddress target = (InetSocketAddress) backend.getLocalAddress();
        Relay.accept(front, client -> Relay.connectAndStart(client, target, traffic).outcome().thenAccept(outcome -> {
            if (outcome instanceof RelayOutcome.NotConnected) {
                close(client);
            }
        }), failure -> System.err.println("RelayedPair: accept failed: " + failure));
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
            Relay.close(front);
        }
        backend.close();
    }
}
