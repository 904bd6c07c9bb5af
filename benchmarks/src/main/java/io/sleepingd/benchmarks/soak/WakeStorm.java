package io.sleepingd.benchmarks.soak;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bursts of simultaneous first connections to the service that sleeps after a short IDLE_TIME, each a
 * checksummed echo, with random pauses between bursts: some find the backend asleep, some stopping,
 * some awake, so it wakes and sleeps over and over.
 */
final class WakeStorm implements Runnable {
    private final HonestClient client;
    private final InetSocketAddress target;
    private final Settings.WakeStorm settings;
    private final Tally tally;
    private final SoakClock clock;
    final LongAdder bursts = new LongAdder();

    WakeStorm(HonestClient client, InetSocketAddress target, Settings.WakeStorm settings, Tally tally, SoakClock clock) {
        this.client = client;
        this.target = target;
        this.settings = settings;
        this.tally = tally;
        this.clock = clock;
    }

    @Override
    public void run() {
        SplittableRandom random = new SplittableRandom();
        while (clock.loadRunning()) {
            burst(random);
            bursts.increment();
            int pause = random.nextInt(settings.pauseMinSeconds() * 1000, settings.pauseMaxSeconds() * 1000 + 1);
            clock.sleepDuringLoad(pause);
        }
    }

    private void burst(SplittableRandom random) {
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> connections = new ArrayList<>();
        for (int i = 0; i < settings.burst(); i++) {
            int size = HonestClient.size(random, settings.maxBytes());
            long seed = random.nextLong();
            connections.add(Thread.ofVirtual().name("soak-wake").start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                tally.connection();
                tally.record(client.echo(target, size, seed));
            }));
        }
        go.countDown();
        for (Thread connection : connections) {
            try {
                connection.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
