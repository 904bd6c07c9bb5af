package io.sleepingd.benchmarks.soak;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Clients that connect to a service whose backend sends without end, and never read: each makes the
 * relay hold back a sink that is full. {@code count} of them at once, each living a random
 * 0.5 to 1.5 times {@code lifetimeSeconds} before a new one takes its place (its close, with unread
 * data, is a reset); the last ones stay open through the hold, until released.
 */
final class StalledReaders {
    private final InetSocketAddress target;
    private final Settings.Stalled settings;
    private final Tally tally;
    private final SoakClock clock;
    private final List<Thread> slots = new ArrayList<>();

    StalledReaders(InetSocketAddress target, Settings.Stalled settings, Tally tally, SoakClock clock) {
        this.target = target;
        this.settings = settings;
        this.tally = tally;
        this.clock = clock;
    }

    List<Thread> start() {
        for (int i = 0; i < settings.count(); i++) {
            long delay = settings.rampSeconds() * 1000L * i / settings.count();
            slots.add(Thread.ofVirtual().name("soak-stalled").start(() -> slot(delay)));
        }
        return slots;
    }

    private void slot(long delayMillis) {
        SplittableRandom random = new SplittableRandom();
        if (!clock.sleepDuringLoad(delayMillis)) {
            return;
        }
        while (clock.loadRunning()) {
            Optional<Socket> opened = HeldSockets.open(target, tally, clock);
            if (opened.isEmpty()) {
                continue;
            }
            long lifetime = random.nextLong(settings.lifetimeSeconds() * 500L, settings.lifetimeSeconds() * 1500L + 1);
            try {
                if (!clock.sleepDuringLoad(lifetime)) {
                    clock.awaitRelease(Long.MAX_VALUE);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                HeldSockets.close(opened.get(), tally);
            }
        }
    }
}
