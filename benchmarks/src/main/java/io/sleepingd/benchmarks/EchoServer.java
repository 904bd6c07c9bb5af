package io.sleepingd.benchmarks;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The backend of benchmarks/compare.sh: echoes every byte, on 127.0.0.1 at each PORT given, one
 * virtual thread per connection. One port per proxy: the connections a proxy closes wait in
 * TIME_WAIT for a minute, and on a shared backend port they would use up the ephemeral ports the
 * next proxy needs to reach it.
 */
public final class EchoServer {
    private EchoServer() {
    }

    public static void main(String[] args) throws Exception {
        Thread[] listeners = new Thread[args.length];
        for (int i = 0; i < args.length; i++) {
            ServerSocketChannel server = ServerSocketChannel.open();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[i])), 4096);
            listeners[i] = Thread.ofPlatform().start(() -> serve(server));
        }
        for (Thread listener : listeners) {
            listener.join();
        }
    }

    private static void serve(ServerSocketChannel server) {
        while (true) {
            try {
                SocketChannel connection = server.accept();
                Thread.ofVirtual().start(() -> echo(connection));
            } catch (java.io.IOException e) {
                // Out of descriptors while a previous test's connections are still closing: wait, go on.
                System.err.println("EchoServer: accept failed: " + e.getMessage());
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private static void echo(SocketChannel connection) {
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        try (connection) {
            connection.setOption(StandardSocketOptions.TCP_NODELAY, true);
            while (connection.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    connection.write(buffer);
                }
                buffer.clear();
            }
        } catch (Exception e) {
            // the client went away
        }
    }
}
