package io.sleepingd.benchmarks.soak;

import java.net.InetSocketAddress;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One honest client: checksummed echoes and downloads (half each, in random order) of random sizes
 * through one service, one after the other, until the load ends. {@code inFlight} counts the transfers
 * under way, so that the backend killer can strike while one is.
 */
record HonestLoop(HonestClient client, InetSocketAddress target, Tally echo, Tally download, int maxBytes,
        int pauseMillis, SoakClock clock, AtomicInteger inFlight) implements Runnable {

    @Override
    public void run() {
        SplittableRandom random = new SplittableRandom();
        while (clock.loadRunning()) {
            boolean isEcho = random.nextBoolean();
            int size = HonestClient.size(random, maxBytes);
            long seed = random.nextLong();
            Tally tally = isEcho ? echo : download;
            tally.connection();
            inFlight.incrementAndGet();
            TransferResult result;
            try {
                result = isEcho ? client.echo(target, size, seed) : client.download(target, size, seed);
            } finally {
                inFlight.decrementAndGet();
            }
            tally.record(result);
            if (pauseMillis > 0) {
                clock.sleepDuringLoad(pauseMillis);
            }
        }
    }
}
