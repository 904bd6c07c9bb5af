package io.sleepingd.benchmarks.soak;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * Slowloris-style clients: each connects to the echo service, then sends one byte every
 * {@code intervalSeconds} and never finishes. One the daemon drops is counted and replaced while the
 * load runs; they stay open through the hold, until released.
 */
final class Slowloris {
    private final InetSocketAddress target;
    private final Settings.Slowloris settings;
    private final Tally tally;
    private final SoakClock clock;
    final LongAdder bytesSent = new LongAdder();

    Slowloris(InetSocketAddress target, Settings.Slowloris settings, Tally tally, SoakClock clock) {
        this.target = target;
        this.settings = settings;
        this.tally = tally;
        this.clock = clock;
    }

    List<Thread> start() {
        List<Thread> slots = new ArrayList<>();
        for (int i = 0; i < settings.count(); i++) {
            slots.add(Thread.ofVirtual().name("soak-slowloris").start(this::slot));
        }
        return slots;
    }

    private void slot() {
        long interval = settings.intervalSeconds() * 1000L;
        SplittableRandom random = new SplittableRandom();
        clock.sleepDuringLoad(random.nextLong(interval + 1)); // spread them over the interval
        try {
            while (clock.loadRunning()) {
                Optional<Socket> opened = HeldSockets.open(target, tally, clock);
                if (opened.isEmpty()) {
                    continue;
                }
                Socket socket = opened.get();
                try {
                    dribble(socket.getOutputStream());
                } catch (IOException e) {
                    if (!clock.released()) {
                        tally.record(TransferResult.failed(Outcome.of(e), "dropped: " + e.getMessage()));
                    }
                } finally {
                    HeldSockets.close(socket, tally);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One byte per interval until released; the first one picks the backend's echo mode. */
    private void dribble(OutputStream out) throws IOException, InterruptedException {
        long interval = settings.intervalSeconds() * 1000L;
        out.write(SoakBackend.ECHO);
        bytesSent.increment();
        while (!clock.awaitRelease(interval)) {
            out.write('.');
            out.flush();
            bytesSent.increment();
        }
    }
}
