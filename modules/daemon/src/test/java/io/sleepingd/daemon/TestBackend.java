package io.sleepingd.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The backend a test's START_CMD points at: a real server on 127.0.0.1 in the test's JVM that reads
 * each request to its end (the client's half-close) and writes the answer {@code respond} gives.
 */
final class TestBackend implements AutoCloseable {
    private final ServerSocket server;
    private final UnaryOperator<byte[]> respond;
    final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;

    private TestBackend(ServerSocket server, UnaryOperator<byte[]> respond) {
        this.server = server;
        this.respond = respond;
        this.acceptor = Thread.ofVirtual().start(this::acceptLoop);
    }

    /** Answers {@code echo:} followed by the request. */
    static TestBackend echo() throws IOException {
        return listen(0, request -> concat("echo:".getBytes(), request));
    }

    static TestBackend listen(int port, UnaryOperator<byte[]> respond) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return new TestBackend(server, respond);
    }

    int port() {
        return server.getLocalPort();
    }

    /** {@code IP PORT}, as START_CMD prints it. */
    String address() {
        return "127.0.0.1 " + port();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            byte[] request = socket.getInputStream().readAllBytes();
            socket.getOutputStream().write(respond.apply(request));
        } catch (IOException e) {
            // The client went away; the test asserts on what it received.
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    @Override
    public void close() throws IOException {
        server.close();
        // The JDK closes the descriptor only when the thread blocked in accept leaves it; until then a
        // connection can still be accepted and answered. A closed backend must refuse at once.
        try {
            if (!acceptor.join(java.time.Duration.ofSeconds(10))) {
                throw new IOException("the test backend's accepting thread did not end");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while closing the test backend");
        }
    }
}
