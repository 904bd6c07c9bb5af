package io.sleepingd.benchmarks.soak;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counts of one kind of connection: how many were made, how each ended, the bytes verified, a few
 * sample failure messages, and for held connections how many are open now. Thread-safe.
 */
final class Tally {
    private static final int SAMPLES = 5;

    final String kind;
    final String service;
    private final LongAdder connections = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final Map<Outcome, LongAdder> outcomes = new EnumMap<>(Outcome.class);
    private final Map<String, LongAdder> samples = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();

    Tally(String kind, String service) {
        this.kind = kind;
        this.service = service;
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome, new LongAdder());
        }
    }

    void connection() {
        connections.increment();
    }

    void record(TransferResult result) {
        outcomes.get(result.outcome()).increment();
        bytes.add(result.bytesVerified());
        if (result.outcome() != Outcome.OK) {
            String key = result.outcome().label + ": " + result.detail();
            if (samples.size() < SAMPLES || samples.containsKey(key)) {
                samples.computeIfAbsent(key, k -> new LongAdder()).increment();
            }
        }
    }

    void opened() {
        open.incrementAndGet();
    }

    void closed() {
        open.decrementAndGet();
    }

    long connections() {
        return connections.sum();
    }

    long count(Outcome outcome) {
        return outcomes.get(outcome).sum();
    }

    /** Connections that ended in anything but {@link Outcome#OK}. */
    long failures() {
        long failures = 0;
        for (Map.Entry<Outcome, LongAdder> entry : outcomes.entrySet()) {
            failures += entry.getKey() == Outcome.OK ? 0 : entry.getValue().sum();
        }
        return failures;
    }

    int open() {
        return open.get();
    }

    /** The counts as {@code kind.NAME.KEY=value} lines for the results file. */
    Map<String, String> asProperties() {
        Map<String, String> properties = new TreeMap<>();
        String prefix = "kind." + kind + ".";
        properties.put(prefix + "service", service);
        properties.put(prefix + "connections", Long.toString(connections()));
        properties.put(prefix + "bytes", Long.toString(bytes.sum()));
        properties.put(prefix + "open", Integer.toString(open()));
        outcomes.forEach((outcome, count) -> properties.put(prefix + "outcome." + outcome.name(), Long.toString(count.sum())));
        int i = 0;
        for (Map.Entry<String, LongAdder> sample : new TreeMap<>(samples).entrySet()) {
            properties.put(prefix + "sample." + i++, sample.getValue().sum() + " x " + sample.getKey());
        }
        return properties;
    }
}
