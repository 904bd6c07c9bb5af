package io.sleepingd.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Parses and validates single values; each method names the key and the value in its error,
 * so that the message tells the user what to fix.
 */
final class ValueChecks {

    private ValueChecks() {
    }

    /** {@code ACTIVE}: true for yes/true, false for no/false, empty for anything else. */
    static Optional<Boolean> active(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "yes", "true" -> Optional.of(true);
            case "no", "false" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    /** {@code PORT}: digits only, 1-65535. */
    static int port(String value) throws ValueException {
        if (isDigits(value) && value.length() <= 5) {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        }
        throw new ValueException("PORT '" + value + "' is not a port number (1-65535)");
    }

    /** A whole number of seconds, digits only; blank is 0. */
    static long seconds(String key, String value) throws ValueException {
        if (value.isBlank()) {
            return 0;
        }
        if (!isDigits(value)) {
            throw new ValueException(key + " '" + value + "' is not a whole number of seconds");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ValueException(key + " '" + value + "' is too large");
        }
    }

    /**
     * {@code BIND}: IP literals separated by commas and/or blanks; blank is every address, but a value
     * of separators only is an error, not every address.
     */
    static List<InetAddress> bind(String value) throws ValueException {
        List<InetAddress> addresses = new ArrayList<>();
        for (String literal : value.strip().split("[,\\s]+")) {
            if (literal.isEmpty()) {
                continue; // blank value, or a leading comma
            }
            try {
                addresses.add(InetAddress.ofLiteral(literal)); // never asks DNS
            } catch (IllegalArgumentException e) {
                throw new ValueException("BIND '" + value + "': '" + literal + "' is not an IP address");
            }
        }
        if (addresses.isEmpty() && !value.isBlank()) {
            throw new ValueException("BIND '" + value + "' names no address");
        }
        return addresses;
    }

    /** {@code VARRUN_PATH} and {@code PLUGIN_DIR}: must be absolute, as the daemon may run from any directory. */
    static Path absolutePath(String key, String value) throws ValueException {
        Path path = Path.of(value);
        if (!path.isAbsolute()) {
            throw new ValueException(key + " '" + value + "' is not an absolute path");
        }
        return path;
    }

    private static boolean isDigits(String value) {
        return !value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
