package io.sleepingd.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
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
 * What the buffer budget's pressure mode costs a healthy connection: bulk copy through the relay
 * while clients that never read hold buffers. The budget is 2 MiB here, so that a few stalled
 * readers pass half of it (the loops' two read buffers and six stalled 128 KiB buffers); from then
 * on every flow reads 16 KiB at a time instead of 128 KiB. {@code stalledReaders=0} is the same
 * budget untouched, the baseline.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dsleepingd.relay.memory=2m", RelayedPair.EXPORTS,
    RelayedPair.NATIVE_ACCESS})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PressureBenchmarks {

    @State(Scope.Benchmark)
    public static class PressedBulk {
        @Param({"0", "8"})
        public int stalledReaders;
        @Param({"splice", "nio"})
        public String transport;
        RelayedPair source;
        final List<SocketChannel> stalled = new ArrayList<>();
        RelayedPair sink;
        SocketChannel channel;
        final ByteBuffer chunk = ByteBuffer.allocateDirect(1024 * 1024);

        @Setup(Level.Trial)
        public void open() throws IOException, InterruptedException {
            source = new RelayedPair(RelayedPair.Backend.SOURCE, transport);
            for (int i = 0; i < stalledReaders; i++) {
                stalled.add(source.connect()); // never read: the relay's flow toward it stalls
            }
            awaitStalled();
            sink = new RelayedPair(RelayedPair.Backend.SINK, transport);
            channel = sink.connect();
        }

        /** The sources fill the readers' socket buffers; once nothing more moves, each flow holds a buffer. */
        private void awaitStalled() throws InterruptedException {
            long before;
            do {
                before = source.traffic.sum();
                Thread.sleep(500);
            } while (source.traffic.sum() != before);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            channel.close();
            sink.close();
            for (SocketChannel reader : stalled) {
                reader.close();
            }
            source.close();
        }
    }

    /** One MiB per operation: operations/s are MiB/s. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void bulkMebibyteUnderPressure(PressedBulk state) throws IOException {
        RelayedPair.writeAll(state.channel, state.chunk.clear());
    }
}
