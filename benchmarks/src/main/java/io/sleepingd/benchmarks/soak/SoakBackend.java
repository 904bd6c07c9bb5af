package io.sleepingd.benchmarks.soak;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The backends of benchmarks/soak.sh, on 127.0.0.1, one virtual thread per connection:
 * <pre>
 *   SoakBackend [--watch PID] MODE:PORT ...
 *   honest    the first byte chooses: 'E' echoes every following byte until the client's end of
 *             stream; 'D' LENGTH SEED (two big-endian longs) sends LENGTH bytes of the seed's
 *             PatternStream. Then a clean end of stream.
 *   endless   sends without end and never reads.
 * </pre>
 * An honest connection ends with a reset unless it reaches its clean end ({@link ResetOnExit}), so a
 * SIGKILL resets every connection the backend has open, and a client must see that reset. With
 * {@code --watch PID} the backend exits once that process (soak.sh) is gone.
 */
public final class SoakBackend {
    static final byte ECHO = 'E';
    static final byte DOWNLOAD = 'D';
    /** 'D', then the length and the seed. */
    static final int DOWNLOAD_REQUEST = 1 + Long.BYTES + Long.BYTES;
    private static final int CHUNK = 64 * 1024;

    private SoakBackend() {
    }

    public static void main(String[] args) throws Exception {
        try {
            serveAll(args);
        } catch (IOException | RuntimeException e) {
            System.err.println("SoakBackend: " + e);
            System.exit(1); // not with some ports served and others not
        }
    }

    private static void serveAll(String[] args) throws IOException, InterruptedException {
        List<Thread> listeners = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--watch")) {
                long pid = Long.parseLong(args[++i]);
                Thread.ofPlatform().daemon().name("watch").start(() -> exitWhenGone(pid));
                continue;
            }
            String[] modeAndPort = args[i].split(":", 2);
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET);
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(modeAndPort[1])), 4096);
            Consumer<SocketChannel> mode = switch (modeAndPort[0]) {
                case "honest" -> {
                    ResetOnExit.apply(server);
                    yield SoakBackend::honest;
                }
                case "endless" -> SoakBackend::endless;
                default -> throw new IllegalArgumentException("unknown mode " + modeAndPort[0]);
            };
            listeners.add(Thread.ofPlatform().name("accept-" + modeAndPort[1]).start(() -> serve(server, mode)));
        }
        for (Thread listener : listeners) {
            listener.join();
        }
    }

    private static void serve(ServerSocketChannel server, Consumer<SocketChannel> mode) {
        while (true) {
            try {
                SocketChannel connection = server.accept();
                Thread.ofVirtual().start(() -> mode.accept(connection));
            } catch (IOException e) {
                System.err.println("SoakBackend: accept failed: " + e.getMessage());
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private static void honest(SocketChannel connection) {
        try (connection) {
            connection.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ByteBuffer mode = ByteBuffer.allocate(1);
            if (connection.read(mode) < 0) {
                return; // nothing asked (a connect-and-reset): ended with a reset
            }
            if (mode.get(0) == ECHO) {
                ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
                while (connection.read(buffer) >= 0) {
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        connection.write(buffer);
                    }
                    buffer.clear();
                }
            } else if (mode.get(0) == DOWNLOAD) {
                ByteBuffer request = ByteBuffer.allocate(DOWNLOAD_REQUEST - 1);
                while (request.hasRemaining()) {
                    if (connection.read(request) < 0) {
                        return; // an incomplete request
                    }
                }
                long length = request.flip().getLong();
                PatternStream pattern = new PatternStream(request.getLong());
                byte[] chunk = new byte[CHUNK];
                for (long left = length; left > 0; ) {
                    int n = (int) Math.min(CHUNK, left);
                    pattern.next(chunk, 0, n);
                    ByteBuffer out = ByteBuffer.wrap(chunk, 0, n);
                    while (out.hasRemaining()) {
                        connection.write(out);
                    }
                    left -= n;
                }
            } else {
                return; // garbage: ended with a reset
            }
            connection.setOption(StandardSocketOptions.SO_LINGER, -1); // done: the end is a clean one
            connection.shutdownOutput();
        } catch (IOException e) {
            // the client (or the daemon) went away
        }
    }

    private static void endless(SocketChannel connection) {
        byte[] chunk = new byte[CHUNK];
        new PatternStream(CHUNK).next(chunk, 0, CHUNK);
        try (connection) {
            while (true) {
                ByteBuffer out = ByteBuffer.wrap(chunk);
                while (out.hasRemaining()) {
                    connection.write(out);
                }
            }
        } catch (IOException e) {
            // the reader went away
        }
    }

    private static void exitWhenGone(long pid) {
        while (BackendKiller.isRunning(pid)) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
        System.exit(0);
    }
}
