package io.sleepingd.admin;

import static io.sleepingd.logging.JsonText.quote;

import io.sleepingd.lifecycle.ServiceCounters;
import io.sleepingd.lifecycle.ServiceStatus;
import io.sleepingd.lifecycle.StopReason;
import io.sleepingd.lifecycle.WakeOutcome;
import io.sleepingd.lifecycle.WakeRefusal;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code sleepingd status --json} and the admin endpoint's {@code /status}: one object with a
 * {@code services} array in configuration order; absent values are {@code null}, times are ISO-8601
 * UTC, durations are seconds. docs/observability.md lists the fields.
 */
public final class StatusJson {
    private StatusJson() {
    }

    /** Every service; a service in {@code connections} (by name) gets a {@code liveConnections} array. */
    public static String render(List<ServiceStatus> services, Map<String, List<ServiceStatus.Connection>> connections,
            Instant now) {
        return services.stream().map(service -> service(service, Optional.ofNullable(connections.get(service.name())), now))
                .collect(Collectors.joining(",\n  ", "{\"services\": [\n  ", "\n]}"));
    }

    private static String service(ServiceStatus s, Optional<List<ServiceStatus.Connection>> live, Instant now) {
        ServiceCounters.Counts counts = s.counts();
        StringBuilder json = new StringBuilder("{")
                .append("\"name\": ").append(quote(s.name()))
                .append(", \"port\": ").append(s.port())
                .append(", \"state\": ").append(quote(s.stateLabel()))
                .append(", \"stateDetail\": ").append(quote(s.state()))
                .append(", \"since\": ").append(quote(s.since().toString()))
                .append(", \"inStateSeconds\": ").append(seconds(Duration.between(s.since(), now)))
                .append(", \"backends\": ").append(s.backends().stream().map(backend -> quote(backend))
                        .collect(Collectors.joining(", ", "[", "]")))
                .append(", \"connectionsRelayed\": ").append(s.relayed())
                .append(", \"connectionsHeld\": ").append(s.held())
                .append(", \"connectionsTotal\": ").append(counts.connections())
                .append(", \"bytesToBackend\": ").append(counts.bytesToBackend())
                .append(", \"bytesToClient\": ").append(counts.bytesToClient())
                .append(", \"lastWake\": ").append(s.lastWake().map(w -> "{\"at\": " + quote(w.at().toString())
                        + ", \"durationSeconds\": " + seconds(w.took()) + ", \"outcome\": "
                        + quote(w.outcome().label()) + ", \"reason\": " + quote(w.reason()) + "}").orElse("null"))
                .append(", \"lastError\": ").append(s.lastError().map(e -> "{\"at\": " + quote(e.at().toString())
                        + ", \"message\": " + quote(e.message()) + "}").orElse("null"))
                .append(", \"backoffSeconds\": ").append(s.backoff().map(StatusJson::seconds).orElse("null"))
                .append(", \"awake\": ").append(s.awake().map(text -> quote(text)).orElse("null"))
                .append(", \"lastStop\": ").append(s.lastStop().map(text -> quote(text)).orElse("null"))
                .append(", \"wakes\": ").append(labelled(counts.wakes(), WakeOutcome::label))
                .append(", \"stops\": ").append(labelled(counts.stops(), StopReason::label))
                .append(", \"wakesRefused\": ").append(labelled(counts.wakesRefused(), WakeRefusal::label))
                .append(", \"awakeSeconds\": ").append(counts.awakeSeconds())
                .append(", \"asleepSeconds\": ").append(counts.asleepSeconds());
        live.ifPresent(connections -> json.append(", \"liveConnections\": ").append(connections.stream()
                .map(StatusJson::connection).collect(Collectors.joining(", ", "[", "]"))));
        return json.append('}').toString();
    }

    private static String connection(ServiceStatus.Connection c) {
        return "{\"client\": " + quote(c.client()) + ", \"ageSeconds\": " + seconds(c.age())
                + ", \"held\": " + c.held() + ", \"bytesToBackend\": " + c.toBackend() + ", \"bytesToClient\": "
                + c.toClient() + ", \"sinceLastByteSeconds\": "
                + c.sinceLastByte().map(StatusJson::seconds).orElse("null") + "}";
    }

    /** Seconds with millisecond precision. */
    /** To the microsecond: a wake without a process takes well under a millisecond. */
    private static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toNanos() / 1_000, 6).toPlainString();
    }

    private static <K extends Enum<K>> String labelled(Map<K, Long> counts, Function<K, String> label) {
        return counts.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(entry -> quote(label.apply(entry.getKey())) + ": " + entry.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
