package io.sleepingd.admin;

import io.sleepingd.lifecycle.ServiceStatus;
import io.sleepingd.logging.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sleepingd status} as text: one aligned row per service, in configuration order, and under
 * each the lines that explain it (why it is awake or when it stops, the last error, the back-off, the
 * last stop); with {@code -v}, a table of the service's live connections.
 */
public final class StatusTable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private StatusTable() {
    }

    /** The services' rows, with a header; {@code now} and {@code zone} make the "since" column. */
    public static List<String> render(List<ServiceStatus> services, Instant now, ZoneId zone) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("SERVICE", "PORT", "STATE", "SINCE", "LIVE", "HELD", "LAST WAKE", "BACKEND"));
        List<List<String>> details = new ArrayList<>();
        for (ServiceStatus service : services) {
            rows.add(List.of(service.name(), Integer.toString(service.port()), service.state(),
                    TIME.format(service.since().atZone(zone)) + " (" + DurationText.precise(Duration.between(service.since(), now))
                            + ")",
                    Integer.toString(service.relayed()), Integer.toString(service.held()),
                    service.lastWake().map(wake -> DurationText.precise(wake.took()) + ", " + wake.outcome().label())
                            .orElse("-"),
                    service.backends().isEmpty() ? "-" : String.join(", ", service.backends())));
            details.add(details(service, now, zone));
        }
        List<String> aligned = align(rows);
        List<String> lines = new ArrayList<>(List.of(aligned.getFirst()));
        for (int i = 0; i < services.size(); i++) {
            lines.add(aligned.get(i + 1));
            details.get(i).forEach(detail -> lines.add("  " + detail));
        }
        return lines;
    }

    private static List<String> details(ServiceStatus service, Instant now, ZoneId zone) {
        List<String> lines = new ArrayList<>();
        service.awake().ifPresent(lines::add);
        service.backoff().ifPresent(pause -> lines.add("the next wake may start in " + DurationText.precise(pause)
                + " (back-off after failed wakes)"));
        service.lastError().ifPresent(error -> lines.add("last error " + TIME.format(error.at().atZone(zone)) + ": "
                + error.message()));
        service.lastStop().ifPresent(stop -> lines.add("last stopped: " + stop));
        return lines;
    }

    /** A service's live connections, oldest first; "none" when it has none. */
    public static List<String> connections(List<ServiceStatus.Connection> connections) {
        if (connections.isEmpty()) {
            return List.of("  no live connection");
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("CLIENT", "AGE", "TO BACKEND", "TO CLIENT", "LAST BYTE"));
        for (ServiceStatus.Connection connection : connections) {
            rows.add(List.of(connection.client(), DurationText.precise(connection.age()),
                    Long.toString(connection.toBackend()), Long.toString(connection.toClient()),
                    connection.held() ? "held: waiting for the backend"
                            : connection.sinceLastByte().map(since -> DurationText.precise(since) + " ago").orElse("none yet")));
        }
        return align(rows).stream().map(line -> "  " + line).toList();
    }

    /** Pads every column but the last to its widest cell, two spaces apart. */
    private static List<String> align(List<List<String>> rows) {
        int columns = rows.getFirst().size();
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                line.append(c == columns - 1 ? row.get(c) : String.format("%-" + (widths[c] + 2) + "s", row.get(c)));
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}
