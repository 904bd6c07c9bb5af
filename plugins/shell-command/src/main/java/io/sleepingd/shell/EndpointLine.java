package io.sleepingd.shell;

import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.CommandResult;
import io.sleepingd.spi.Endpoint;

/** Reads the {@code IP PORT} line a command prints, strictly: anything else is an error, never a guess. */
final class EndpointLine {
    private EndpointLine() {
    }

    /** The endpoint in the first line {@code key}'s command printed. */
    static Endpoint parse(String key, CommandResult result) throws BackendException {
        if (!result.firstLineTerminated()) {
            throw new BackendException(key + " printed " + quoted(result.firstLine())
                    + " without a newline; expected a line 'IP PORT'");
        }
        String line = result.firstLine().strip();
        String[] fields = line.split("\\s+");
        if (line.isEmpty() || fields.length != 2) {
            throw new BackendException(key + " printed " + quoted(line) + " (" + (line.isEmpty() ? 0 : fields.length)
                    + " fields); expected a line 'IP PORT'");
        }
        int port = fields[1].matches("[0-9]{1,5}") ? Integer.parseInt(fields[1]) : -1;
        if (port < 1 || port > 65535) {
            throw new BackendException(key + " printed " + quoted(line) + ": '" + fields[1]
                    + "' is not a port number (1-65535)");
        }
        return new Endpoint(fields[0], port);
    }

    private static String quoted(String text) {
        String shown = text.length() > 200 ? text.substring(0, 200) + "..." : text;
        return "'" + shown.replace("\n", "\\n") + "'";
    }
}
