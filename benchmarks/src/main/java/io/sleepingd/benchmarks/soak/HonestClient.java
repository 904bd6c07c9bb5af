package io.sleepingd.benchmarks.soak;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;

/**
 * The honest side of the soak: transfers through the daemon whose every byte is checked with
 * SHA-256. An echo sends N bytes and half-closes, and must get the same N bytes back and then a clean
 * end of stream; a download asks the backend for N bytes of a seeded {@link PatternStream}. A
 * connection cut short must show as an error (a reset); a clean end of stream before the N bytes is
 * {@link Outcome#TRUNCATED_CLEAN}, the lie this test exists to catch.
 */
final class HonestClient {
    private static final int CHUNK = 64 * 1024;

    private final Watchdog watchdog;
    private final Duration timeout;

    HonestClient(Watchdog watchdog, Duration timeout) {
        this.watchdog = watchdog;
        this.timeout = timeout;
    }

    /** A size between 1 and {@code max}, log-uniform: many small transfers, some large. */
    static int size(RandomGenerator random, int max) {
        return Math.clamp(Math.round(Math.exp(random.nextDouble() * Math.log(max))), 1, max);
    }

    TransferResult echo(InetSocketAddress address, int size, long seed) {
        return exchange(address, socket -> {
            MessageDigest sent = sha256();
            MessageDigest received = sha256();
            AtomicReference<IOException> writeFailure = new AtomicReference<>();
            Thread writer = Thread.ofVirtual().name("soak-echo-writer").start(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(SoakBackend.ECHO);
                    PatternStream pattern = new PatternStream(seed);
                    byte[] chunk = new byte[CHUNK];
                    for (int left = size; left > 0; ) {
                        int n = Math.min(CHUNK, left);
                        pattern.next(chunk, 0, n);
                        sent.update(chunk, 0, n);
                        out.write(chunk, 0, n);
                        left -= n;
                    }
                    socket.shutdownOutput();
                } catch (IOException e) {
                    writeFailure.set(e);
                }
            });
            long got;
            try {
                got = readAll(socket.getInputStream(), received, size);
            } catch (IOException e) {
                socket.close(); // ends the writer too
                joinUninterruptibly(writer);
                throw e;
            }
            joinUninterruptibly(writer); // a writer that hangs is ended by the watchdog
            if (writeFailure.get() != null) {
                throw writeFailure.get(); // the client saw an error: not a transfer that looked complete
            }
            return verdict(size, got, sent.digest(), received.digest());
        });
    }

    TransferResult download(InetSocketAddress address, int size, long seed) {
        return exchange(address, socket -> {
            OutputStream out = socket.getOutputStream();
            out.write(ByteBuffer.allocate(SoakBackend.DOWNLOAD_REQUEST).put(SoakBackend.DOWNLOAD).putLong(size)
                    .putLong(seed).array());
            out.flush();
            MessageDigest received = sha256();
            long got = readAll(socket.getInputStream(), received, size);
            byte[] expected = got == size ? patternDigest(seed, size) : null;
            return verdict(size, got, expected, received.digest());
        });
    }

    private interface Exchange {
        TransferResult run(Socket socket) throws IOException;
    }

    private TransferResult exchange(InetSocketAddress address, Exchange exchange) {
        Socket socket = new Socket();
        Watchdog.Guard guard = watchdog.guard(socket, timeout);
        try {
            socket.connect(address, (int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            return exchange.run(socket);
        } catch (IOException e) {
            if (guard.fired()) {
                return TransferResult.failed(Outcome.TIMEOUT, "not done after " + timeout.toSeconds() + " s");
            }
            return TransferResult.failed(Outcome.of(e), e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            guard.close();
            try {
                socket.close();
            } catch (IOException e) {
                // done with it either way
            }
        }
    }

    /** Reads to the end of the stream, or one byte past {@code expected} (that is wrong already). */
    private static long readAll(InputStream in, MessageDigest digest, long expected) throws IOException {
        byte[] buffer = new byte[CHUNK];
        long got = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            digest.update(buffer, 0, n);
            got += n;
            if (got > expected) {
                break;
            }
        }
        return got;
    }

    private static TransferResult verdict(long size, long got, byte[] expected, byte[] actual) {
        if (got < size) {
            return TransferResult.failed(Outcome.TRUNCATED_CLEAN,
                    "clean end of stream after " + got + " of " + size + " bytes");
        }
        if (got > size) {
            return TransferResult.failed(Outcome.CORRUPTED, "more than the " + size + " bytes expected");
        }
        if (!Arrays.equals(expected, actual)) {
            return TransferResult.failed(Outcome.CORRUPTED, "SHA-256 differs over " + size + " bytes");
        }
        return TransferResult.ok(size);
    }

    private static byte[] patternDigest(long seed, int size) {
        MessageDigest digest = sha256();
        PatternStream pattern = new PatternStream(seed);
        byte[] chunk = new byte[CHUNK];
        for (int left = size; left > 0; ) {
            int n = Math.min(CHUNK, left);
            pattern.next(chunk, 0, n);
            digest.update(chunk, 0, n);
            left -= n;
        }
        return digest.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
