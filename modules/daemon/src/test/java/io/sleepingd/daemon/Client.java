package io.sleepingd.daemon;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/** A test client: sends a request, half-closes, and reads the whole answer (bounded in time). */
final class Client {
    private Client() {
    }

    static byte[] exchange(int port, byte[] request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(60_000);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.getOutputStream().write(request);
            socket.shutdownOutput();
            return socket.getInputStream().readAllBytes();
        }
    }

    /**
     * From the loopback address {@code source} (127.0.0.2, ::1) to {@code host}: what a client elsewhere
     * sees; the empty string when the daemon closes the connection without an answer (or resets it).
     */
    static String exchangeFrom(String source, String host, int port, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(60_000);
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress(host, port), 10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.shutdownOutput();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (SocketException e) {
            return "";
        }
    }

    static String exchange(int port, String request) throws IOException {
        return new String(exchange(port, request.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    /** What a client whose connection the daemon closes sees: no answer, or a reset. */
    static String exchangeOrClosed(int port, String request) throws IOException {
        try {
            return exchange(port, request);
        } catch (SocketException e) {
            return "";
        }
    }

    /** {@link #exchange(int, String)} on another thread, for a client that must wait while the test acts. */
    static CompletableFuture<String> exchangeInBackground(int port, String request) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return exchange(port, request);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
