package io.sleepingd.daemon;

import java.util.Optional;

/**
 * The request lines of the control socket that carry more than a word, written by the CLI and read by
 * the daemon in one place: {@code status [--json] [-v [SERVICE]]} (a service name may hold spaces, so
 * it is the rest of the line), and {@code listening}, which {@code start} asks while it waits.
 */
final class ControlRequest {
    static final String LISTENING = "listening";
    private static final String STATUS = "status";

    private ControlRequest() {
    }

    /** What a status request asks for: JSON or text, and the connections of every service or of one. */
    record Status(boolean json, boolean connections, Optional<String> service) {
    }

    static String status(boolean json, boolean connections, Optional<String> service) {
        return STATUS + (json ? " --json" : "") + (connections ? " -v" : "") + service.map(name -> " " + name).orElse("");
    }

    /** The status request the line is, if it is one. */
    static Optional<Status> parseStatus(String line) {
        if (!line.equals(STATUS) && !line.startsWith(STATUS + " ")) {
            return Optional.empty();
        }
        String rest = line.substring(STATUS.length()).strip();
        boolean json = rest.startsWith("--json");
        if (json) {
            rest = rest.substring("--json".length()).strip();
        }
        boolean connections = rest.equals("-v") || rest.startsWith("-v ");
        if (connections) {
            rest = rest.substring("-v".length()).strip();
        }
        return Optional.of(new Status(json, connections, rest.isEmpty() ? Optional.empty() : Optional.of(rest)));
    }
}
