package io.sleepingd.benchmarks.soak;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Connect-and-reset flood: {@code perSecond} connections, alternately to two services, each closed
 * with SO_LINGER 0 (a reset) the moment it is made. Slots more than a second late are skipped rather
 * than sent in a burst; the report shows the rate reached.
 */
final class ResetFlood implements Runnable {
    private static final int WORKERS = 8;
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final List<InetSocketAddress> targets;
    private final int perSecond;
    private final Tally tally;
    private final SoakClock clock;
    private final AtomicLong next = new AtomicLong();
    final LongAdder skipped = new LongAdder();

    ResetFlood(List<InetSocketAddress> targets, int perSecond, Tally tally, SoakClock clock) {
        this.targets = targets;
        this.perSecond = perSecond;
        this.tally = tally;
        this.clock = clock;
    }

    @Override
    public void run() {
        if (perSecond <= 0) {
            return;
        }
        long start = System.nanoTime();
        long period = TimeUnit.SECONDS.toNanos(1) / perSecond;
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            workers.add(Thread.ofVirtual().name("soak-reset").start(() -> work(start, period)));
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void work(long start, long period) {
        while (true) {
            long slot = next.getAndIncrement();
            long due = start + slot * period;
            if (due - clock.loadEndNanos() >= 0 || !clock.loadRunning()) {
                return;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                clock.sleepDuringLoad(TimeUnit.NANOSECONDS.toMillis(wait));
            } else if (-wait > TimeUnit.SECONDS.toNanos(1)) {
                skipped.increment();
                continue;
            }
            resetOnce(targets.get((int) (slot % targets.size())));
        }
    }

    private void resetOnce(InetSocketAddress target) {
        tally.connection();
        try (Socket socket = new Socket()) {
            socket.setSoLinger(true, 0);
            socket.connect(target, CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            tally.record(TransferResult.failed(Outcome.of(e), e.getMessage()));
        }
    }
}
