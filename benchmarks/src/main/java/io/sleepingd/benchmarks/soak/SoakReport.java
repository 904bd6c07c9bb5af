package io.sleepingd.benchmarks.soak;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one soak run into its markdown summary (the table of docs/reliability.md) and its verdict:
 * reads the load driver's counts and soak.sh's findings (one results file) and the daemon's output,
 * prints the summary, and exits 1 when the daemon failed (the reasons are listed), 0 when it passed,
 * and 2 when the run does not count: something outside the soak stopped the daemon during the load.
 * <pre>
 *   SoakReport RESULTS_FILE DAEMON_LOG     (limits: RSS_LIMIT_MIB SHUTDOWN_GRACE STOP_MARGIN MAX_HONEST_FAILURES)
 * </pre>
 */
public final class SoakReport {
    /** A kind of connection in the results, and how the report reads its failures. */
    private record Kind(String name, String label, boolean cutsExpected) {
    }

    private static final List<Kind> HONEST = List.of(
            new Kind("honest-echo", "echo", false),
            new Kind("honest-download", "download", false),
            new Kind("wake-storm-echo", "wake-storm echo", false),
            new Kind("killed-echo", "echo through `killed`", true),
            new Kind("killed-download", "download through `killed`", true));
    private static final List<Kind> HOSTILE = List.of(
            new Kind("stalled-reader", "stalled readers", false),
            new Kind("connect-reset", "connect-and-reset flood", false),
            new Kind("slowloris", "slowloris", false));

    private final ResultsFile results;
    private final DaemonLog log;
    private final StringBuilder out = new StringBuilder();
    private final List<String> failures = new ArrayList<>();
    private String notValid = "";

    private SoakReport(ResultsFile results, DaemonLog log) {
        this.results = results;
        this.log = log;
    }

    public static void main(String[] args) throws Exception {
        SoakReport report = new SoakReport(ResultsFile.read(Path.of(args[0])), DaemonLog.read(Path.of(args[1]), 8));
        report.write();
        System.out.print(report.out);
        System.exit(!report.notValid.isEmpty() ? 2 : report.failures.isEmpty() ? 0 : 1);
    }

    private void line(String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    private long count(Kind kind, Outcome outcome) {
        return results.number("kind." + kind.name() + ".outcome." + outcome.name());
    }

    private long value(Kind kind, String key) {
        return results.number("kind." + kind.name() + "." + key);
    }

    private void write() {
        line("Run %s, commit %s, %s.", results.text("run.date"), results.text("run.commit"), results.text("run.machine"));
        line("Command: `%s`", results.text("run.command"));
        line("");
        String wakes = Env.integer("WAKE_BURST") == 0 ? "no wake storms" : String.format(Locale.ROOT,
                "wake-storm bursts of %s connections every %s-%s s (IDLE_TIME=%s, IDLE_CHECK_INTERVAL=%s)",
                Env.text("WAKE_BURST"), Env.text("WAKE_PAUSE_MIN"), Env.text("WAKE_PAUSE_MAX"), Env.text("IDLE_TIME"),
                Env.text("IDLE_CHECK_INTERVAL"));
        String kills = Env.integer("KILL_MIN") == 0 ? "no SIGKILLs (KILL_MIN=0)" : String.format(Locale.ROOT,
                "a SIGKILL of `killed`'s backend every %s-%s s", Env.text("KILL_MIN"), Env.text("KILL_MAX"));
        line("Load for %s s: %s stalled readers at a time (each living ~%s s), %s connect-and-resets/s, %s slowloris"
                        + " connections (1 byte every %s s), %s, %s; %s + %s honest clients. The daemon runs with %s.",
                Env.text("SOAK_SECONDS"), Env.text("STALLED"), Env.text("STALLED_LIFETIME"), Env.text("RESET_RATE"),
                Env.text("SLOWLORIS"), Env.text("SLOWLORIS_INTERVAL"), wakes, kills, Env.text("HONEST_CLIENTS"),
                Env.text("KILLED_CLIENTS"), System.getenv("SLEEPINGD_JAVA_OPTS") == null ? "the launcher's JVM options"
                        : "SLEEPINGD_JAVA_OPTS=" + System.getenv("SLEEPINGD_JAVA_OPTS"));
        line("");
        honest();
        hostile();
        daemon();
        verdict();
    }

    private void honest() {
        line("Honest transfers (every byte checked with SHA-256):");
        line("");
        line("| Transfer | Service | Made | OK | MiB verified | Reset seen | Timed out | Refused | Other errors"
                + " | Truncated, looked complete | Corrupted |");
        line("|---|---|---|---|---|---|---|---|---|---|---|");
        long ok = 0;
        long unexpected = 0;
        long truncated = 0;
        long corrupted = 0;
        for (Kind kind : HONEST) {
            line("| %s | %s | %d | %d | %.1f | %d | %d | %d | %d | %d | %d |", kind.label(),
                    results.text("kind." + kind.name() + ".service"), value(kind, "connections"), count(kind, Outcome.OK),
                    value(kind, "bytes") / 1048576.0, count(kind, Outcome.RESET), count(kind, Outcome.TIMEOUT),
                    count(kind, Outcome.REFUSED), count(kind, Outcome.ERROR), count(kind, Outcome.TRUNCATED_CLEAN),
                    count(kind, Outcome.CORRUPTED));
            ok += count(kind, Outcome.OK);
            truncated += count(kind, Outcome.TRUNCATED_CLEAN);
            corrupted += count(kind, Outcome.CORRUPTED);
            unexpected += count(kind, Outcome.TIMEOUT) + count(kind, Outcome.REFUSED) + count(kind, Outcome.ERROR)
                    + (kind.cutsExpected() ? 0 : count(kind, Outcome.RESET));
        }
        line("");
        samples(HONEST);
        if (corrupted > 0) {
            failures.add(corrupted + " honest transfers were corrupted");
        }
        if (truncated > 0) {
            failures.add(truncated + " honest transfers were cut short but ended cleanly (a reset passed on as an end"
                    + " of stream)");
        }
        long allowed = Env.integer("MAX_HONEST_FAILURES");
        if (unexpected > allowed) {
            failures.add(unexpected + " honest transfers failed (timed out, refused, or reset where no backend was"
                    + " killed); at most " + allowed + " allowed");
        }
        if (ok == 0) {
            failures.add("no honest transfer succeeded");
        }
    }

    private void samples(List<Kind> kinds) {
        List<String> lines = new ArrayList<>();
        for (Kind kind : kinds) {
            for (int i = 0; !results.text("kind." + kind.name() + ".sample." + i).isEmpty(); i++) {
                lines.add("- " + kind.label() + ": " + results.text("kind." + kind.name() + ".sample." + i));
            }
        }
        if (!lines.isEmpty()) {
            line("What the clients saw (a few of each):");
            line("");
            lines.forEach(this::line);
            line("");
        }
    }

    private void hostile() {
        double seconds = results.decimal("load.seconds");
        line("Hostile connections:");
        line("");
        line("| Kind | Service | Made | Failed or dropped | Open at the end of the load |");
        line("|---|---|---|---|---|");
        for (Kind kind : HOSTILE) {
            long failed = 0;
            for (Outcome outcome : Outcome.values()) {
                failed += outcome == Outcome.OK ? 0 : count(kind, outcome);
            }
            String made = kind.name().equals("connect-reset")
                    ? String.format(Locale.ROOT, "%d (%.0f/s)", value(kind, "connections"), value(kind, "connections") / seconds)
                    : Long.toString(value(kind, "connections"));
            String open = kind.name().equals("connect-reset") ? "-" : Long.toString(value(kind, "open"));
            line("| %s | %s | %s | %d | %s |", kind.label(), results.text("kind." + kind.name() + ".service"), made, failed,
                    open);
        }
        line("");
        samples(HOSTILE);
    }

    private void daemon() {
        long limit = Env.integer("RSS_LIMIT_MIB");
        long maxMib = results.number("rss.max_kib") / 1024;
        int grace = Env.integer("SHUTDOWN_GRACE");
        int stopLimit = grace + Env.integer("STOP_MARGIN");
        double stopSeconds = results.decimal("stop.seconds");
        line("The daemon:");
        line("");
        line("| Check | Result |");
        line("|---|---|");
        line("| RSS at the start / max (when) / at the end of the load | %d / **%d** (at %s s) / %d MiB |",
                results.number("rss.first_kib") / 1024, maxMib, results.text("rss.max_at_s"),
                results.number("rss.last_kib") / 1024);
        line("| Peak RSS by the kernel (VmHWM) | %d MiB |", results.number("rss.hwm_kib") / 1024);
        line("| RSS limit | %d MiB: %s |", limit, maxMib > limit ? "**exceeded**" : "kept");
        line("| Open descriptors: max / at the end of the load | %d / %d |", results.number("fds.max"),
                results.number("fds.last"));
        long page = results.number("tcp.page_bytes");
        long tcpMax = results.number("tcp.mem_max_pages") * page / 1048576;
        long tcpLimit = results.number("tcp.mem_limit_pages") * page / 1048576;
        String kernelOom = results.text("kernel.tcp_oom_messages");
        line("| Machine's TCP socket memory: max / kernel limit (tcp_mem); \"TCP: out of memory\" kernel messages"
                + " | %d / %d MiB; %s |", tcpMax, tcpLimit, kernelOom.equals("0") ? "0" : "**" + kernelOom + "**");
        line("| `wake`: START_CMD runs / STOP_CMD runs / bursts | %d / %d / %d |", results.number("wake.starts"),
                results.number("wake.stops"), results.number("wake.bursts"));
        line("| `killed`: SIGKILLs (during a transfer) / START_CMD runs | %d (%d) / %d |", results.number("kills"),
                results.number("kills.in_flight"), results.number("killed.starts"));
        line("| Log lines ERROR / WARN | %d / %d |", log.errors(), log.warnings());
        line("| Threads that died (uncaught exceptions) | %s |", log.threadDeaths().isEmpty() ? "0"
                : "**" + log.threadDeaths().size() + "**");
        line("| Running after the load; `status` exit code | %s; %s |", results.text("daemon.alive_after_load"),
                results.text("status.exit"));
        boolean alive = results.text("daemon.alive_after_load").equals("yes");
        boolean stopped = results.text("stop.how").equals("stop") && stopSeconds >= 0 && stopSeconds <= stopLimit;
        line("| Stopped by `sleepingd stop` within SHUTDOWN_GRACE + %s s (%d s) | %s |", Env.text("STOP_MARGIN"), stopLimit,
                !alive ? "-: " + results.text("stop.how") : stopped ? String.format(Locale.ROOT, "yes, in %.1f s", stopSeconds)
                        : "**no**: " + results.text("stop.how"));
        line("| Backends still running after the stop | %d |", results.number("backends.left_running"));
        line("");
        if (!kernelOom.equals("0") || tcpMax >= tcpLimit) {
            line("The kernel ran out of TCP memory during this run (the socket buffers of the stalled readers and of"
                    + " their backend connections hold most of it). It then resets connections, honest ones included:"
                    + " a reset or a failed honest transfer may come from the kernel rather than from the daemon.");
            line("");
        }
        if (!log.frequent().isEmpty()) {
            line("The daemon's most frequent ERROR and WARN lines (numbers shown as N):");
            line("");
            for (Map.Entry<String, Long> entry : log.frequent()) {
                line("- %d x `%s`", entry.getValue(), entry.getKey().replace('`', '\''));
            }
            line("");
        }

        if (!alive && !log.stoppingAt().isEmpty()) {
            // soak.sh asks for a stop only once it has seen the daemon running after the load
            notValid = "something outside the soak stopped the daemon during the load (a SIGTERM, a SIGINT or a"
                    + " stop request: its log says \"stopping\" at " + log.stoppingAt() + ")";
        } else if (results.decimal("daemon.died_at_s") >= 0) {
            failures.add("the daemon died during the load (at " + results.text("daemon.died_at_s") + " s)");
        } else if (!alive) {
            failures.add("the daemon was not running after the load");
        }
        if (alive && !results.text("status.exit").equals("0")) {
            failures.add("`sleepingd status` answered with exit code " + results.text("status.exit"));
        }
        if (maxMib > limit) {
            failures.add("RSS reached " + maxMib + " MiB, over the limit of " + limit + " MiB");
        }
        if (!log.threadDeaths().isEmpty()) {
            failures.add(log.threadDeaths().size() + " daemon threads died: " + log.threadDeaths().getFirst());
        }
        if (alive && !stopped) {
            failures.add("`sleepingd stop` did not stop the daemon within " + stopLimit + " s: " + results.text("stop.how"));
        }
        if (alive && results.number("backends.left_running") > 0) { // a daemon that died ran no STOP_CMD
            failures.add(results.number("backends.left_running") + " backends were still running after the stop");
        }
    }

    private void verdict() {
        if (!notValid.isEmpty()) {
            line("**Verdict: NOT VALID**: %s. Run it again.", notValid);
            if (!failures.isEmpty()) {
                line("");
                line("Besides (these may follow from that stop):");
                line("");
                failures.forEach(failure -> line("- %s", failure));
            }
        } else if (failures.isEmpty()) {
            line("**Verdict: PASS**");
        } else {
            line("**Verdict: FAIL**");
            line("");
            failures.forEach(failure -> line("- %s", failure));
        }
    }
}
