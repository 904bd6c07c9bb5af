package io.sleepingd.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The relay hot path on loopback, on each transport ({@code path=splice}, {@code path=nio}), each
 * figure next to the same thing without the relay ({@code path=direct}): bulk copy, a 64-byte round trip, and a whole connection (connect, one small
 * request and answer, close) through the relay.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", RelayedPair.EXPORTS, RelayedPair.NATIVE_ACCESS})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RelayBenchmarks {

    /** One connection for the whole trial, to a backend of the subclass's kind, through the relay or not. */
    @State(Scope.Benchmark) // for JMH to take its @Param; only the subclasses are used
    public abstract static class OneConnection {
        @Param({"direct", "splice", "nio"})
        public String path;
        RelayedPair pair;
        SocketChannel channel;

        abstract RelayedPair.Backend backend();

        @Setup(Level.Trial)
        public void open() throws IOException {
            pair = new RelayedPair(backend(), path);
            channel = pair.connect();
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            channel.close();
            pair.close();
        }
    }

    /** One MiB per operation, written into a sink behind the relay: operations/s are MiB/s. */
    @State(Scope.Benchmark)
    public static class Bulk extends OneConnection {
        final ByteBuffer chunk = ByteBuffer.allocateDirect(1024 * 1024);

        @Override
        RelayedPair.Backend backend() {
            return RelayedPair.Backend.SINK;
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void bulkMebibyte(Bulk state) throws IOException {
        RelayedPair.writeAll(state.channel, state.chunk.clear());
    }

    /** A connection to an echo backend for 64-byte round trips. */
    @State(Scope.Benchmark)
    public static class PingPong extends OneConnection {
        final ByteBuffer message = ByteBuffer.allocateDirect(64);

        @Override
        RelayedPair.Backend backend() {
            return RelayedPair.Backend.ECHO;
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int roundTrip64Bytes(PingPong state) throws IOException {
        ByteBuffer message = state.message;
        message.clear();
        while (message.hasRemaining()) {
            state.channel.write(message);
        }
        message.clear();
        while (message.hasRemaining()) {
            if (state.channel.read(message) < 0) {
                throw new IOException("the echo backend closed the connection");
            }
        }
        return message.get(0);
    }

    /** An echo backend (and relay) that each operation opens a new connection to. */
    @State(Scope.Benchmark)
    public static class Connections {
        @Param({"direct", "splice", "nio"})
        public String path;
        RelayedPair pair;
        final ByteBuffer request = ByteBuffer.allocateDirect(16);

        @Setup(Level.Trial)
        public void open() throws IOException {
            pair = new RelayedPair(RelayedPair.Backend.ECHO, path);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            pair.close();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public int connectRequestClose(Connections state) throws IOException {
        try (SocketChannel channel = state.pair.connect()) {
            ByteBuffer request = state.request;
            request.clear();
            while (request.hasRemaining()) {
                channel.write(request);
            }
            request.clear();
            while (request.hasRemaining()) {
                if (channel.read(request) < 0) {
                    throw new IOException("closed before the answer");
                }
            }
            return request.get(0);
        }
    }
}
