package io.sleepingd.benchmarks.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load driver of benchmarks/soak.sh: runs every kind of hostile client and the honest checksummed
 * transfers against one running sleepingd for SOAK_SECONDS, samples the daemon's memory, kills one
 * service's backend now and then, prints progress, and writes its counts to SOAK_RESULTS. Then it keeps
 * the stalled readers and slowloris connections open until soak.sh has checked and stopped the daemon
 * (SOAK_RELEASE_FILE appears), so that the stop is made with live connections.
 */
public final class SoakLoad {
    /** The unit of /proc/net/sockstat's memory figures on the machines this runs on (x86-64 Linux). */
    private static final long PAGE = 4096;
    private final Settings settings;
    private final SoakClock clock;
    private final HonestClient client;
    private final List<Tally> tallies = new ArrayList<>();
    private final Tally honestEcho = tally("honest-echo", "honest");
    private final Tally honestDownload = tally("honest-download", "honest");
    private final Tally wakeEcho = tally("wake-storm-echo", "wake");
    private final Tally killedEcho = tally("killed-echo", "killed");
    private final Tally killedDownload = tally("killed-download", "killed");
    private final Tally stalled = tally("stalled-reader", "stream");
    private final Tally resets = tally("connect-reset", "honest+stream");
    private final Tally slow = tally("slowloris", "honest");
    private final AtomicInteger killedInFlight = new AtomicInteger();
    private final RssSampler sampler;
    private final WakeStorm storm;
    private final BackendKiller killer;
    private final ResetFlood flood;
    private final Slowloris slowloris;

    private SoakLoad(Settings settings) {
        this.settings = settings;
        this.clock = new SoakClock(settings.load().duration());
        this.client = new HonestClient(new Watchdog(), settings.load().transferTimeout());
        Settings.Wiring wiring = settings.wiring();
        this.sampler = new RssSampler(wiring.daemonPid(), wiring.rssSamples(), clock);
        this.storm = new WakeStorm(client, wiring.wake(), settings.wake(), wakeEcho, clock);
        this.killer = new BackendKiller(wiring.killPidFile(), settings.kills(), killedInFlight, clock);
        this.flood = new ResetFlood(List.of(wiring.honest(), wiring.stream()), settings.flood().perSecond(), resets,
                clock);
        this.slowloris = new Slowloris(wiring.honest(), settings.slowloris(), slow, clock);
    }

    public static void main(String[] args) throws Exception {
        new SoakLoad(Settings.fromEnvironment()).run();
        System.exit(0); // a holder stuck in a connect must not keep the driver alive
    }

    private Tally tally(String kind, String service) {
        Tally tally = new Tally(kind, service);
        tallies.add(tally);
        return tally;
    }

    private void run() throws Exception {
        List<Thread> load = startLoad();
        List<Thread> holders = new ArrayList<>(
                new StalledReaders(settings.wiring().stream(), settings.stalled(), stalled, clock).start());
        holders.addAll(slowloris.start());
        System.out.printf(Locale.ROOT, "soak: load for %d s against daemon pid %d%n",
                settings.load().duration().toSeconds(), settings.wiring().daemonPid());
        while (clock.loadRunning()) {
            clock.sleepDuringLoad(settings.load().progressSeconds() * 1000L);
            printProgress();
        }
        double loadSeconds = clock.secondsSinceStart();
        if (sampler.diedAtSeconds >= 0) {
            System.out.printf(Locale.ROOT, "soak: the daemon is gone (at %.0f s); load ended early%n", sampler.diedAtSeconds);
        }
        // Transfers under way finish, or their watchdog ends them.
        long joinDeadline = System.nanoTime() + settings.load().transferTimeout().toNanos() + TimeUnit.SECONDS.toNanos(10);
        int stuck = 0;
        for (Thread thread : load) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinDeadline - System.nanoTime())));
            stuck += thread.isAlive() ? 1 : 0;
        }
        writeResults(loadSeconds, stuck);
        System.out.printf(Locale.ROOT, "soak: load over after %.0f s; holding %d stalled readers and %d slowloris"
                + " connections until released%n", loadSeconds, stalled.open(), slow.open());

        clock.holdUntil(settings.wiring().releaseFile(), settings.load().holdMax());
        for (Thread holder : holders) {
            holder.join(5_000);
        }
    }

    /** Everything that ends with the load; the holders (stalled readers, slowloris) are started apart. */
    private List<Thread> startLoad() {
        Settings.Wiring wiring = settings.wiring();
        List<Thread> load = new ArrayList<>();
        load.add(Thread.ofPlatform().name("soak-rss").start(sampler));
        for (int i = 0; i < settings.honest().clients(); i++) {
            load.add(Thread.ofVirtual().name("soak-honest").start(new HonestLoop(client, wiring.honest(), honestEcho,
                    honestDownload, settings.honest().maxBytes(), settings.honest().pauseMillis(), clock,
                    new AtomicInteger())));
        }
        for (int i = 0; i < settings.kills().clients(); i++) {
            load.add(Thread.ofVirtual().name("soak-killed").start(new HonestLoop(client, wiring.killed(), killedEcho,
                    killedDownload, settings.kills().maxBytes(), settings.kills().pauseMillis(), clock,
                    killedInFlight)));
        }
        if (settings.wake().burst() > 0) {
            load.add(Thread.ofVirtual().name("soak-wake-storm").start(storm));
        }
        if (settings.kills().minSeconds() > 0) {
            load.add(Thread.ofVirtual().name("soak-killer").start(killer));
        }
        load.add(Thread.ofVirtual().name("soak-flood").start(flood));
        return load;
    }

    private void printProgress() {
        long killedResets = sum(Outcome.RESET, killedEcho, killedDownload);
        long killedTruncated = sum(Outcome.TRUNCATED_CLEAN, killedEcho, killedDownload);
        System.out.printf(Locale.ROOT,
                "soak: %4.0f s  rss %3d MiB  fds %5d  tcp %4d MiB | honest ok %d failed %d | wake bursts %d ok %d failed %d"
                        + " | kills %d: ok %d reset %d truncated %d other %d | stalled %d | resets %d | slowloris %d%n",
                clock.secondsSinceStart(), sampler.lastKib / 1024, sampler.lastDescriptors,
                sampler.lastTcpPages * PAGE / 1048576,
                sum(Outcome.OK, honestEcho, honestDownload), honestEcho.failures() + honestDownload.failures(),
                storm.bursts.sum(), wakeEcho.count(Outcome.OK), wakeEcho.failures(), killer.kills.sum(),
                sum(Outcome.OK, killedEcho, killedDownload), killedResets, killedTruncated,
                killedEcho.failures() + killedDownload.failures() - killedResets - killedTruncated,
                stalled.open(), resets.connections(), slow.open());
    }

    private static long sum(Outcome outcome, Tally... tallies) {
        long sum = 0;
        for (Tally tally : tallies) {
            sum += tally.count(outcome);
        }
        return sum;
    }

    /** The counts, as {@code key=value} lines; the file appears whole, since soak.sh waits for it. */
    private void writeResults(double loadSeconds, int stuck) throws IOException {
        Map<String, String> results = new TreeMap<>();
        tallies.forEach(tally -> results.putAll(tally.asProperties()));
        results.put("load.seconds", String.format(Locale.ROOT, "%.1f", loadSeconds));
        results.put("load.stuck_threads", Integer.toString(stuck));
        results.put("rss.first_kib", Long.toString(sampler.firstKib));
        results.put("rss.max_kib", Long.toString(sampler.maxKib));
        results.put("rss.max_at_s", String.format(Locale.ROOT, "%.0f", sampler.maxAtSeconds));
        results.put("rss.last_kib", Long.toString(sampler.lastKib));
        results.put("rss.hwm_kib", Long.toString(sampler.hwmKib));
        results.put("tcp.mem_max_pages", Long.toString(sampler.maxTcpPages));
        results.put("fds.max", Long.toString(sampler.maxDescriptors));
        results.put("fds.last", Long.toString(sampler.lastDescriptors));
        results.put("daemon.died_at_s", String.format(Locale.ROOT, "%.0f", sampler.diedAtSeconds));
        results.put("wake.bursts", Long.toString(storm.bursts.sum()));
        results.put("kills", Long.toString(killer.kills.sum()));
        results.put("kills.in_flight", Long.toString(killer.killsInFlight.sum()));
        results.put("kills.nothing_to_kill", Long.toString(killer.nothingToKill.sum()));
        results.put("resets.skipped_slots", Long.toString(flood.skipped.sum()));
        results.put("slowloris.bytes", Long.toString(slowloris.bytesSent.sum()));
        StringBuilder text = new StringBuilder();
        results.forEach((key, value) -> text.append(key).append('=').append(value.replace('\n', ' ')).append('\n'));
        Path file = settings.wiring().results();
        Path partial = file.resolveSibling(file.getFileName() + ".part");
        Files.writeString(partial, text);
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
