package io.sleepingd.lifecycle;

import io.sleepingd.relay.Traffic;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a service has done since the daemon started, for its metrics: connections, bytes, wakes and
 * their durations, stops and their reasons, and how long its backend was up. One per service name,
 * kept across reloads ({@link ServiceCounters.Registry}), so that a counter never goes back because a
 * reload changed a setting.
 *
 * <p>Concurrency: the traffic and the connection count are adders the relay's loops and the
 * acceptor add to without a lock; everything else is guarded by this object's monitor, taken for a
 * few field updates and never while calling out. A {@link ServiceCore} calls in under its own lock
 * (core, then counters; never the other way).
 */
public final class ServiceCounters {
    /**
     * The wake-duration histogram's upper bounds, in seconds: from a process that starts at once to a
     * VM or a cluster that takes minutes.
     */
    public static final List<Double> WAKE_BUCKETS = List.of(0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
            60.0, 120.0, 300.0);

    private final Traffic traffic = new Traffic();
    /** The bytes of connections from outside KEEP_AWAKE_FROM: relayed, but not activity for the idle check. */
    private final Traffic passiveTraffic = new Traffic();
    private final LongAdder connections = new LongAdder();
    private final Map<WakeRefusal, Long> refusals = new EnumMap<>(WakeRefusal.class);
    private final Map<WakeOutcome, Long> wakes = new EnumMap<>(WakeOutcome.class);
    private final Map<StopReason, Long> stops = new EnumMap<>(StopReason.class);
    /** Guarded by this: successful wakes per bucket of {@link #WAKE_BUCKETS} (not cumulative), and their sum. */
    private final long[] wakeBuckets = new long[WAKE_BUCKETS.size() + 1];
    private double wakeSecondsSum;
    /** Guarded by this: how many of the name's services have their backend up (two, briefly, across a reload). */
    private int up;
    private long upNanos;
    private long downNanos;
    private long lastChange = System.nanoTime();

    public ServiceCounters() {
        for (WakeOutcome outcome : WakeOutcome.values()) {
            wakes.put(outcome, 0L);
        }
        for (StopReason reason : StopReason.values()) {
            stops.put(reason, 0L);
        }
        for (WakeRefusal refusal : WakeRefusal.values()) {
            refusals.put(refusal, 0L);
        }
    }

    /** The bytes relayed; the relay's loops add to it. */
    Traffic traffic() {
        return traffic;
    }

    /** The bytes relayed for connections that do not keep the backend awake. */
    Traffic passiveTraffic() {
        return passiveTraffic;
    }

    synchronized void wakeRefused(WakeRefusal why) {
        refusals.merge(why, 1L, Long::sum);
    }

    void connectionAccepted() {
        connections.increment();
    }

    synchronized void wakeEnded(WakeOutcome outcome, Duration took) {
        wakes.merge(outcome, 1L, Long::sum);
        if (outcome == WakeOutcome.SUCCESS) {
            double seconds = took.toNanos() / 1e9;
            int bucket = 0;
            while (bucket < WAKE_BUCKETS.size() && seconds > WAKE_BUCKETS.get(bucket)) {
                bucket++;
            }
            wakeBuckets[bucket]++;
            wakeSecondsSum += seconds;
        }
    }

    synchronized void stopped(StopReason reason) {
        stops.merge(reason, 1L, Long::sum);
    }

    /** A service of this name had its backend go up ({@code true}: it began waking) or down (asleep again). */
    synchronized void backendUp(boolean isUp) {
        account();
        up = Math.max(0, up + (isUp ? 1 : -1));
    }

    private void account() {
        long now = System.nanoTime();
        if (up > 0) {
            upNanos += now - lastChange;
        } else {
            downNanos += now - lastChange;
        }
        lastChange = now;
    }

    /**
     * The counts as they are now.
     *
     * @param wakeBuckets   cumulative, as Prometheus has them: successful wakes that took at most each
     *                      bound of {@link #WAKE_BUCKETS}, then all of them (+Inf)
     * @param awakeSeconds  how long the backend was up (waking, awake or stopping): what its user pays for
     * @param asleepSeconds how long it was not: what they saved
     * @param wakesRefused  connections that could have woken the backend and were turned away, by why
     */
    public record Counts(long connections, long bytesToBackend, long bytesToClient, Map<WakeOutcome, Long> wakes,
            List<Long> wakeBuckets, double wakeSecondsSum, Map<StopReason, Long> stops, double awakeSeconds,
            double asleepSeconds, Map<WakeRefusal, Long> wakesRefused) {
    }

    public synchronized Counts counts() {
        account();
        long[] cumulative = new long[wakeBuckets.length];
        long sum = 0;
        for (int i = 0; i < wakeBuckets.length; i++) {
            sum += wakeBuckets[i];
            cumulative[i] = sum;
        }
        return new Counts(connections.sum(), traffic.toBackend() + passiveTraffic.toBackend(),
                traffic.toClient() + passiveTraffic.toClient(), Map.copyOf(wakes),
                Arrays.stream(cumulative).boxed().toList(), wakeSecondsSum, Map.copyOf(stops),
                upNanos / 1e9, downNanos / 1e9, Map.copyOf(refusals));
    }

    /**
     * The counters of every service name the daemon serves, kept across reloads: a reload's new
     * services get their names' counters, and a name no longer served loses its own. Thread-safe.
     */
    public static final class Registry {
        private final Map<String, ServiceCounters> byName = new ConcurrentHashMap<>();

        public ServiceCounters forService(String name) {
            return byName.computeIfAbsent(name, n -> new ServiceCounters());
        }

        /** Forgets the names not in {@code served}: their series end. */
        public void retainOnly(Collection<String> served) {
            byName.keySet().retainAll(Set.copyOf(served));
        }
    }
}
