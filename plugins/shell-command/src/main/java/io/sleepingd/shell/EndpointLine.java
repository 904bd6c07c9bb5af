package io.sleepingd.shell;

import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.CommandResult;
import io.sleepingd.spi.Endpoint;
import java.util.OptionalLong;

/** Reads the {@code IP PORT} line a command prints, strictly: anything else is an error, never a guess. */
final class EndpointLine {
    private EndpointLine() {
    }

    /** The endpoint in the first line {@code key}'s command printed. */
    static Endpoint parse(String key, CommandResult result) throws BackendException {
        return parse(key, result, false).endpoint();
    }

    /** An endpoint, and the pid of the process that serves it when the line had a third field. */
    record Started(Endpoint endpoint, OptionalLong pid) {
    }

    /** {@code IP PORT}, or {@code IP PORT PID} when {@code pidAllowed} (SLEEP_MODE=pause). */
    static Started parse(String key, CommandResult result, boolean pidAllowed) throws BackendException {
        String expected = pidAllowed ? "'IP PORT' or 'IP PORT PID'" : "'IP PORT'";
        if (!result.firstLineTerminated()) {
            throw new BackendException(key + " printed " + quoted(result.firstLine())
                    + " without a newline; expected a line " + expected);
        }
        String line = result.firstLine().strip();
        String[] fields = line.split("\\s+");
        if (line.isEmpty() || fields.length < 2 || fields.length > (pidAllowed ? 3 : 2)) {
            throw new BackendException(key + " printed " + quoted(line) + " (" + (line.isEmpty() ? 0 : fields.length)
                    + " fields); expected a line " + expected);
        }
        int port = fields[1].matches("[0-9]{1,5}") ? Integer.parseInt(fields[1]) : -1;
        if (port < 1 || port > 65535) {
            throw new BackendException(key + " printed " + quoted(line) + ": '" + fields[1]
                    + "' is not a port number (1-65535)");
        }
        OptionalLong pid = OptionalLong.empty();
        if (fields.length == 3) {
            if (!fields[2].matches("[1-9][0-9]{0,9}")) {
                throw new BackendException(key + " printed " + quoted(line) + ": '" + fields[2] + "' is not a pid");
            }
            pid = OptionalLong.of(Long.parseLong(fields[2]));
        }
        return new Started(new Endpoint(fields[0], port), pid);
    }

    private static String quoted(String text) {
        String shown = text.length() > 200 ? text.substring(0, 200) + "..." : text;
        return "'" + shown.replace("\n", "\\n") + "'";
    }
}
