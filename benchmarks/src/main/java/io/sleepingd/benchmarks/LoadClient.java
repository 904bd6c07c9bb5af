package io.sleepingd.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The load generator of benchmarks/compare.sh, one measurement per run, printing one line of
 * numbers. Every proxy is measured with the same code against the same echo backend.
 * <pre>
 *   pingpong  PORT SECONDS        64-byte round trips on one connection: "p50_us p99_us count"
 *   connect   PORT SECONDS [N]    connect, 16-byte request and answer, close, in a loop, on N threads
 *                                 at once (default 1): "per_second", all of them together
 *   count     PORT N              the same, exactly N times (for counting system calls): prints nothing
 *   idle      PORT COUNT SECONDS  hold COUNT connections open (each checked with one exchange): "held"
 *   firstbyte PORT                connect, send one byte, wait for the echo: "microseconds"
 * </pre>
 */
public final class LoadClient {
    private LoadClient() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        switch (args[0]) {
            case "pingpong" -> pingPong(address, Integer.parseInt(args[2]));
            case "connect" -> connect(address, Integer.parseInt(args[2]), args.length > 3 ? Integer.parseInt(args[3]) : 1);
            case "count" -> count(address, Integer.parseInt(args[2]));
            case "idle" -> idle(address, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "firstbyte" -> System.out.println(firstByte(address));
            default -> throw new IllegalArgumentException("unknown measurement " + args[0]);
        }
    }

    private static SocketChannel open(InetSocketAddress address) throws IOException {
        SocketChannel channel = SocketChannel.open(address);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        return channel;
    }

    private static void exchange(SocketChannel channel, ByteBuffer buffer) throws IOException {
        buffer.clear();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException("the connection closed before the answer");
            }
        }
    }

    private static void pingPong(InetSocketAddress address, int seconds) throws IOException {
        ByteBuffer message = ByteBuffer.allocateDirect(64);
        long[] samples = new long[4_000_000];
        int count = 0;
        try (SocketChannel channel = open(address)) {
            for (int i = 0; i < 2000; i++) {
                exchange(channel, message); // warm-up
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (count < samples.length) {
                long start = System.nanoTime();
                exchange(channel, message);
                long now = System.nanoTime();
                samples[count++] = now - start;
                if (now > end) {
                    break;
                }
            }
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        System.out.printf("%.1f %.1f %d%n", sorted[count / 2] / 1000.0, sorted[(int) (count * 0.99)] / 1000.0, count);
    }

    /** {@code clients} platform threads, each a client of its own, as parallel users are. */
    private static void connect(InetSocketAddress address, int seconds, int clients) throws Exception {
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<Long>> counts = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(clients)) {
            for (int i = 0; i < clients; i++) {
                counts.add(threads.submit(() -> {
                    ByteBuffer request = ByteBuffer.allocateDirect(16);
                    long done = 0;
                    while (System.nanoTime() < end) {
                        connectOnce(address, request);
                        done++;
                    }
                    return done;
                }));
            }
            long done = 0;
            for (var count : counts) {
                done += count.get();
            }
            System.out.printf("%.0f%n", done / ((System.nanoTime() - start) / 1e9));
        }
    }

    private static void count(InetSocketAddress address, int connections) throws IOException {
        ByteBuffer request = ByteBuffer.allocateDirect(16);
        for (int i = 0; i < connections; i++) {
            connectOnce(address, request);
        }
    }

    private static void connectOnce(InetSocketAddress address, ByteBuffer request) throws IOException {
        try (SocketChannel channel = open(address)) {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0); // no TIME_WAIT pile-up on the client side
            exchange(channel, request);
        }
    }

    private static void idle(InetSocketAddress address, int count, int seconds) throws Exception {
        List<SocketChannel> held = new ArrayList<>(count);
        ByteBuffer probe = ByteBuffer.allocateDirect(1);
        try {
            for (int i = 0; i < count; i++) {
                SocketChannel channel = null;
                try {
                    channel = open(address);
                    exchange(channel, probe); // the relay is in place, not just the accept
                    held.add(channel);
                } catch (IOException e) {
                    // The proxy's own limits (descriptors, connection caps) end the test: report what it held.
                    System.err.println("connection " + (i + 1) + " failed: " + e);
                    if (channel != null) {
                        channel.close();
                    }
                    break;
                }
            }
            System.out.println(held.size());
            System.out.flush();
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        } finally {
            for (SocketChannel channel : held) {
                channel.close();
            }
        }
    }

    private static double firstByte(InetSocketAddress address) throws IOException {
        long start = System.nanoTime();
        try (SocketChannel channel = open(address)) {
            exchange(channel, ByteBuffer.allocateDirect(1));
        }
        return (System.nanoTime() - start) / 1000.0;
    }
}
