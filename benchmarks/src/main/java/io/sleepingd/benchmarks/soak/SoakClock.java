package io.sleepingd.benchmarks.soak;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The soak's two phases: the load, until its deadline (or until the daemon dies), then a hold in which
 * the stalled readers and slowloris connections stay open while soak.sh checks and stops the daemon,
 * until it releases them.
 */
final class SoakClock {
    private final long started = System.nanoTime();
    private volatile long loadEnd;
    private final CountDownLatch released = new CountDownLatch(1);

    SoakClock(Duration load) {
        this.loadEnd = started + load.toNanos();
    }

    boolean loadRunning() {
        return System.nanoTime() - loadEnd < 0;
    }

    void endLoadNow() {
        loadEnd = System.nanoTime();
    }

    long loadEndNanos() {
        return loadEnd;
    }

    double secondsSinceStart() {
        return (System.nanoTime() - started) / 1e9;
    }

    /** Sleeps for {@code millis}, but not past the end of the load; false once the load is over. */
    boolean sleepDuringLoad(long millis) {
        long until = Math.min(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis), loadEnd);
        while (true) {
            long left = until - System.nanoTime();
            if (left <= 0 || !loadRunning()) {
                return loadRunning();
            }
            try {
                Thread.sleep(Duration.ofNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** Waits until {@code file} exists or {@code max} has passed, then releases the held connections. */
    void holdUntil(Path file, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!Files.exists(file) && System.nanoTime() - deadline < 0) {
            Thread.sleep(200);
        }
        released.countDown();
    }

    boolean released() {
        return released.getCount() == 0;
    }

    /** Blocks a holder until the release, or for at most {@code millis}; true once released. */
    boolean awaitRelease(long millis) throws InterruptedException {
        return released.await(millis, TimeUnit.MILLISECONDS);
    }
}
