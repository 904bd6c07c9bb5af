package io.sleepingd.benchmarks;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a relayed connection pays for its buffers: the relay takes one direct buffer per direction
 * for each connection. Heap buffers are shown for comparison (the channel copies them through a
 * temporary direct buffer of its own on every read and write).
 */
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class BufferBenchmarks {
    @Param({"16384", "65536", "131072"})
    public int size;

    @Benchmark
    public ByteBuffer allocateDirect() {
        return ByteBuffer.allocateDirect(size);
    }

    @Benchmark
    public ByteBuffer allocateHeap() {
        return ByteBuffer.allocate(size);
    }
}
