package io.sleepingd.benchmarks.soak;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/** Everything the load driver is told by benchmarks/soak.sh, grouped by what it drives. */
record Settings(Load load, Honest honest, WakeStorm wake, Kills kills, Stalled stalled, Flood flood,
        Slowloris slowloris, Wiring wiring) {

    static Settings fromEnvironment() {
        return new Settings(
                new Load(Duration.ofSeconds(Env.integer("SOAK_SECONDS")), Duration.ofSeconds(Env.integer("TRANSFER_TIMEOUT")),
                        Env.integer("PROGRESS_SECONDS"), Duration.ofSeconds(Env.integer("SOAK_HOLD_MAX"))),
                new Honest(Env.integer("HONEST_CLIENTS"), Env.integer("HONEST_MAX_BYTES"), Env.integer("HONEST_PAUSE_MS")),
                new WakeStorm(Env.integer("WAKE_BURST"), Env.integer("WAKE_PAUSE_MIN"), Env.integer("WAKE_PAUSE_MAX"),
                        Env.integer("WAKE_MAX_BYTES")),
                new Kills(Env.integer("KILL_MIN"), Env.integer("KILL_MAX"), Env.integer("KILLED_CLIENTS"),
                        Env.integer("KILLED_MAX_BYTES"), Env.integer("HONEST_PAUSE_MS")),
                new Stalled(Env.integer("STALLED"), Env.integer("STALLED_LIFETIME"), Env.integer("STALLED_RAMP")),
                new Flood(Env.integer("RESET_RATE")),
                new Slowloris(Env.integer("SLOWLORIS"), Env.integer("SLOWLORIS_INTERVAL")),
                new Wiring(port("SOAK_HONEST_PORT"), port("SOAK_STREAM_PORT"), port("SOAK_WAKE_PORT"),
                        port("SOAK_KILLED_PORT"), Env.number("SOAK_DAEMON_PID"), Env.path("SOAK_KILL_PIDFILE"),
                        Env.path("SOAK_RESULTS"), Env.path("SOAK_RSS_SAMPLES"), Env.path("SOAK_RELEASE_FILE")));
    }

    private static InetSocketAddress port(String name) {
        return new InetSocketAddress("127.0.0.1", Env.integer(name));
    }

    /** How long the load runs, how long one honest transfer may take, how often progress is printed. */
    record Load(Duration duration, Duration transferTimeout, int progressSeconds, Duration holdMax) {
    }

    /** Checksummed echo and download loops on the service that is always awake. */
    record Honest(int clients, int maxBytes, int pauseMillis) {
    }

    /** Bursts of simultaneous first connections to the service that sleeps after a short idle time. */
    record WakeStorm(int burst, int pauseMinSeconds, int pauseMaxSeconds, int maxBytes) {
    }

    /** SIGKILLs of one service's backend, and the honest loops that run through it meanwhile. */
    record Kills(int minSeconds, int maxSeconds, int clients, int maxBytes, int pauseMillis) {
    }

    /** Readers that never read, from a backend that never stops sending. */
    record Stalled(int count, int lifetimeSeconds, int rampSeconds) {
    }

    /** Connections closed with a reset (SO_LINGER 0) as soon as they are made. */
    record Flood(int perSecond) {
    }

    /** Connections that send one byte every few seconds and never finish. */
    record Slowloris(int count, int intervalSeconds) {
    }

    /** Where the services are, which process is the daemon, and the files shared with soak.sh. */
    record Wiring(InetSocketAddress honest, InetSocketAddress stream, InetSocketAddress wake, InetSocketAddress killed,
            long daemonPid, Path killPidFile, Path results, Path rssSamples, Path releaseFile) {
    }
}
