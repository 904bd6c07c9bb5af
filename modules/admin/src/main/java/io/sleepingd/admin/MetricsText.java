package io.sleepingd.admin;

import io.sleepingd.lifecycle.ServiceCounters;
import io.sleepingd.lifecycle.ServiceStatus;
import io.sleepingd.lifecycle.StopReason;
import io.sleepingd.lifecycle.WakeOutcome;
import io.sleepingd.lifecycle.WakeRefusal;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The daemon's metrics in Prometheus's text format, version 0.0.4: every family once, with its HELP
 * and TYPE, then a sample per service (label {@code service}); then {@code sleepingd_build_info} and
 * the process's own ({@link ProcessMetrics}). Written by hand: the format is a few lines of text, and
 * a client library would be the daemon's largest dependency. docs/observability.md lists every metric.
 */
public final class MetricsText {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final List<String> STATES = List.of("asleep", "waking", "awake", "stopping");

    private final StringBuilder text = new StringBuilder();

    private MetricsText() {
    }

    public static String render(List<ServiceStatus> services, String version) {
        MetricsText metrics = new MetricsText();
        metrics.services(services);
        metrics.family("sleepingd_build_info", "gauge", "The daemon's version; always 1.");
        metrics.sample("sleepingd_build_info", "version=" + label(version), 1);
        ProcessMetrics.write(metrics);
        return metrics.text.toString();
    }

    private void services(List<ServiceStatus> services) {
        family("sleepingd_service_state", "gauge", "1 for the service's current state, 0 for the others.");
        for (ServiceStatus s : services) {
            for (String state : STATES) {
                sample("sleepingd_service_state", service(s) + ",state=" + label(state), s.stateLabel().equals(state) ? 1 : 0);
            }
        }
        byLabel(services, "sleepingd_wakes_total", "Wakes that ended, by outcome: success, failed, timeout.",
                "outcome", WakeOutcome.values(), WakeOutcome::label, counts -> counts.wakes());
        byLabel(services, "sleepingd_wakes_refused_total", "Connections the wake policy kept from waking the backend,"
                + " by reason: source (WAKE_FROM, NO_WAKE_FROM), rate (WAKE_RATE).", "reason", WakeRefusal.values(),
                WakeRefusal::label, counts -> counts.wakesRefused());
        family("sleepingd_wake_duration_seconds", "histogram",
                "Successful wakes: from the connection that began the wake to the backend accepting it.");
        for (ServiceStatus s : services) {
            List<Long> buckets = s.counts().wakeBuckets();
            for (int i = 0; i < ServiceCounters.WAKE_BUCKETS.size(); i++) {
                sample("sleepingd_wake_duration_seconds_bucket", service(s) + ",le=" + label(
                        ServiceCounters.WAKE_BUCKETS.get(i).toString()), buckets.get(i));
            }
            sample("sleepingd_wake_duration_seconds_bucket", service(s) + ",le=\"+Inf\"", buckets.getLast());
            sample("sleepingd_wake_duration_seconds_sum", service(s), s.counts().wakeSecondsSum());
            sample("sleepingd_wake_duration_seconds_count", service(s), buckets.getLast());
        }
        each(services, "sleepingd_connections_active", "gauge", "Connections being relayed.", ServiceStatus::relayed);
        each(services, "sleepingd_connections_held", "gauge", "Connections held while the backend wakes.",
                ServiceStatus::held);
        each(services, "sleepingd_connections_total", "counter", "Connections accepted.",
                s -> s.counts().connections());
        family("sleepingd_bytes_total", "counter", "Bytes relayed, by direction: to_backend, to_client.");
        for (ServiceStatus s : services) {
            sample("sleepingd_bytes_total", service(s) + ",direction=\"to_backend\"", s.counts().bytesToBackend());
            sample("sleepingd_bytes_total", service(s) + ",direction=\"to_client\"", s.counts().bytesToClient());
        }
        byLabel(services, "sleepingd_stops_total", "Backend stops, by reason: idle, shutdown, reload, failed, found_running.",
                "reason", StopReason.values(), StopReason::label, counts -> counts.stops());
        each(services, "sleepingd_awake_seconds_total", "counter",
                "Time the backend was up (waking, awake or stopping): what it costs.", s -> s.counts().awakeSeconds());
        each(services, "sleepingd_asleep_seconds_total", "counter", "Time the backend was asleep: what it saved.",
                s -> s.counts().asleepSeconds());
    }

    /** A counter with a sample per service and value of {@code labelName}, every value even at 0. */
    private <K extends Enum<K>> void byLabel(List<ServiceStatus> services, String name, String help, String labelName,
            K[] values, Function<K, String> label, Function<ServiceCounters.Counts, Map<K, Long>> counted) {
        family(name, "counter", help);
        for (ServiceStatus s : services) {
            for (K value : values) {
                sample(name, service(s) + "," + labelName + "=" + label(label.apply(value)),
                        counted.apply(s.counts()).get(value));
            }
        }
    }

    private void each(List<ServiceStatus> services, String name, String type, String help,
            Function<ServiceStatus, Number> value) {
        family(name, type, help);
        services.forEach(s -> sample(name, service(s), value.apply(s)));
    }

    void family(String name, String type, String help) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n');
        text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** A sample; {@code labels} is empty or {@code a="x",b="y"}, its values already escaped. */
    void sample(String name, String labels, Number value) {
        text.append(name);
        if (!labels.isEmpty()) {
            text.append('{').append(labels).append('}');
        }
        text.append(' ').append(value).append('\n');
    }

    private static String service(ServiceStatus s) {
        return "service=" + label(s.name());
    }

    /** A label value, quoted: backslash, double quote and line feed escaped, as the format requires. */
    static String label(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
