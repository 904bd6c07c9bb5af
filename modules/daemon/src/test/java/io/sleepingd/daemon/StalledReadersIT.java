package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that connect and never read, to a backend that sends without end, must not take the daemon
 * down: with the launcher's own JVM options (64 MiB of heap, and so of direct memory), 600 of them
 * once made the relay loop run out of direct memory and die, and with it every connection on its
 * ports; 300 held more than the relay's 32 MiB budget then too. Real sockets, a real daemon process;
 * the backend runs in the test.
 *
 * <p>300, not 600, and the backend's send buffers fixed at 64 KiB: the kernel grows the send buffers of
 * a stream toward a client that does not read to about 3 MiB (the backend's, and the relay's toward
 * the client), on either transport; 600 such clients took this machine's TCP memory to its hard limit
 * ({@code tcp_mem}, 2.2 GiB, measured with {@code /proc/net/sockstat} and {@code ss -tm}), where the
 * kernel resets connections, the test's own among them. With both changes the peak is below the
 * kernel's pressure threshold.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class StalledReadersIT {
    private static final int STALLED = 300;

    @TempDir
    Path dir;

    @Test
    void threeHundredClientsThatNeverReadLeaveTheRelayWorkingAndTheDaemonStoppable() throws Exception {
        int port = DaemonHarness.freePort();
        List<Socket> stalled = new ArrayList<>();
        try (StreamingBackend backend = new StreamingBackend();
             DaemonHarness daemon = DaemonHarness.with(dir, """
                     SHUTDOWN_GRACE=1
                     [stream]
                     BIND=127.0.0.1
                     PORT=%d
                     START_CMD="echo 127.0.0.1 %d"
                     STOP_CMD=true
                     """.formatted(port, backend.port())).startForeground(DaemonHarness.launcherOptions())) {
            for (int i = 0; i < STALLED; i++) {
                Socket client = new Socket();
                client.setReceiveBufferSize(4096);
                client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                client.getOutputStream().write(StreamingBackend.STREAM);
                stalled.add(client);
            }
            backend.awaitStalled(STALLED);

            assertTransferIsIntact(port);
            for (Socket client : stalled) {
                client.close();
            }
            daemon.await("every stalled connection to be closed", Duration.ofMinutes(1),
                    () -> daemon.liveConnections("stream") == 0);
            daemon.process().destroy(); // SIGTERM
            assertEquals(0, daemon.awaitExit(Duration.ofSeconds(60)), "exit status after SIGTERM");
        } finally {
            for (Socket client : stalled) {
                client.close();
            }
        }
    }

    /** Sends 1 MiB to be echoed, through the daemon, and compares what came back. */
    private static void assertTransferIsIntact(int port) throws Exception {
        byte[] payload = new byte[1 << 20];
        new Random(42).nextBytes(payload);
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            client.setSoTimeout(60_000);
            OutputStream out = client.getOutputStream();
            Thread.ofVirtual().start(() -> {
                try {
                    out.write(StreamingBackend.ECHO);
                    out.write(payload);
                    client.shutdownOutput();
                } catch (IOException e) {
                    // the read below fails too
                }
            });
            byte[] back = client.getInputStream().readAllBytes();
            assertArrayEquals(sha256(payload), sha256(back), "the echoed megabyte (" + back.length + " bytes back)");
        }
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    /**
     * A backend whose connections say what they want in their first byte: {@link #STREAM}, bytes
     * without end; {@link #ECHO}, everything sent back.
     */
    private static final class StreamingBackend implements AutoCloseable {
        static final int STREAM = 'S';
        static final int ECHO = 'E';
        private final ServerSocket server = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
        private final LongAdder streamed = new LongAdder();
        private final List<Socket> accepted = new ArrayList<>();
        private final LongAdder streaming = new LongAdder();

        StreamingBackend() throws IOException {
            Thread.ofVirtual().start(this::acceptLoop);
        }

        int port() {
            return server.getLocalPort();
        }

        private void acceptLoop() {
            try {
                while (true) {
                    Socket socket = server.accept();
                    synchronized (accepted) {
                        accepted.add(socket);
                    }
                    Thread.ofVirtual().start(() -> serve(socket));
                }
            } catch (IOException e) {
                // closed
            }
        }

        private void serve(Socket socket) {
            try (socket) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                switch (in.read()) {
                    case STREAM -> {
                        socket.setSendBufferSize(64 * 1024); // what the test's own kernel queues: see the class
                        streaming.increment();
                        byte[] chunk = new byte[16 * 1024];
                        while (true) {
                            out.write(chunk);
                            streamed.add(chunk.length);
                        }
                    }
                    case ECHO -> in.transferTo(out);
                    default -> {
                    }
                }
            } catch (IOException e) {
                // the daemon ended the connection
            }
        }

        /** Returns once {@code count} connections stream and none has moved a byte for two seconds. */
        void awaitStalled(int count) throws InterruptedException {
            long last = -1;
            while (streaming.sum() < count || streamed.sum() != last) {
                last = streamed.sum();
                Thread.sleep(2000);
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            synchronized (accepted) {
                for (Socket socket : accepted) {
                    socket.close();
                }
            }
        }
    }
}
