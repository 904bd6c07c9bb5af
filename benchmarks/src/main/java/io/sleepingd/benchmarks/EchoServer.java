package io.sleepingd.benchmarks;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** The backend of benchmarks/compare.sh: echoes every byte, on 127.0.0.1 PORT, one virtual thread per connection. */
public final class EchoServer {
    private EchoServer() {
    }

    public static void main(String[] args) throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])), 4096);
            while (true) {
                try {
                    SocketChannel connection = server.accept();
                    Thread.ofVirtual().start(() -> echo(connection));
                } catch (java.io.IOException e) {
                    // Out of descriptors while a previous test's connections are still closing: wait, go on.
                    System.err.println("EchoServer: accept failed: " + e.getMessage());
                    Thread.sleep(100);
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
