import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Exactly N connections, one after the other, each as compare.sh's connection-rate client makes them:
 * connect, TCP_NODELAY, a 16-byte exchange with an echo backend, close with a reset (SO_LINGER 0).
 * Run as a source file: {@code java CountClient.java PORT N}.
 */
public class CountClient {
    public static void main(String[] args) throws Exception {
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0]));
        int count = Integer.parseInt(args[1]);
        ByteBuffer buffer = ByteBuffer.allocateDirect(16);
        for (int i = 0; i < count; i++) {
            try (SocketChannel channel = SocketChannel.open(address)) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
                buffer.clear();
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                buffer.clear();
                while (buffer.hasRemaining()) {
                    if (channel.read(buffer) < 0) {
                        throw new IllegalStateException("the backend closed before answering");
                    }
                }
            }
        }
    }
}
