package io.sleepingd.relay;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/** Reproducible random payloads, and streaming them through a socket with a SHA-256 at each end. */
final class TestData {
    private static final int CHUNK = 64 * 1024;

    private TestData() {
    }

    /** What one end read until end of input. */
    record Received(long bytes, String sha256) {
    }

    /** What one end wrote before shutting down its output. */
    record Sent(long bytes, String sha256) {
    }

    static byte[] randomBytes(long seed, int length) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Writes {@code length} random bytes from {@code seed} on a virtual thread, then shuts the output down. */
    static CompletableFuture<Sent> sendRandom(Socket socket, long seed, long length) {
        CompletableFuture<Sent> sent = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                Random random = new Random(seed);
                MessageDigest digest = sha256();
                OutputStream out = socket.getOutputStream();
                byte[] chunk = new byte[CHUNK];
                long left = length;
                while (left > 0) {
                    int n = (int) Math.min(chunk.length, left);
                    random.nextBytes(chunk);
                    digest.update(chunk, 0, n);
                    out.write(chunk, 0, n);
                    left -= n;
                }
                socket.shutdownOutput();
                sent.complete(new Sent(length, HexFormat.of().formatHex(digest.digest())));
            } catch (Throwable t) {
                sent.completeExceptionally(t);
            }
        });
        return sent;
    }

    /** Reads on a virtual thread until end of input, counting and digesting. */
    static CompletableFuture<Received> receiveAll(Socket socket) {
        CompletableFuture<Received> received = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                MessageDigest digest = sha256();
                InputStream in = socket.getInputStream();
                byte[] chunk = new byte[CHUNK];
                long total = 0;
                int n;
                while ((n = in.read(chunk)) >= 0) {
                    digest.update(chunk, 0, n);
                    total += n;
                }
                received.complete(new Received(total, HexFormat.of().formatHex(digest.digest())));
            } catch (Throwable t) {
                received.completeExceptionally(t);
            }
        });
        return received;
    }

    /** Writes until the connection fails; completes with the failure. */
    static CompletableFuture<IOException> sendForever(Socket socket) {
        CompletableFuture<IOException> failed = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            byte[] chunk = randomBytes(9, 16 * 1024);
            try {
                OutputStream out = socket.getOutputStream();
                while (true) {
                    out.write(chunk);
                }
            } catch (IOException e) {
                failed.complete(e);
            }
        });
        return failed;
    }

    /** Reads exactly {@code length} bytes. */
    static byte[] readExactly(Socket socket, int length) throws IOException {
        return socket.getInputStream().readNBytes(length);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
