package io.sleepingd.config;

import io.sleepingd.spi.InvalidValueException;
import io.sleepingd.spi.Key;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses and validates single values; each method names the key and the value in its error,
 * so that the message tells the user what to fix.
 */
final class ValueChecks {

    private ValueChecks() {
    }

    /**
     * {@code ACTIVE}: yes/true or no/false in any case; blank is no (off, as for the other keys). The
     * original took anything else for no, so that {@code ACTIVE=yess} silently turned a service off.
     */
    static boolean active(String value) throws ValueException {
        return !value.isBlank() && parse(Key.yesNo(Keys.ACTIVE), value);
    }

    /** {@code UNKNOWN_KEYS}: whether a key nothing reads is an error ({@code error}) or a warning ({@code warn}). */
    static boolean unknownKeys(String value) throws ValueException {
        return switch (value) {
            case "error" -> true;
            case "warn" -> false;
            default -> throw new ValueException("UNKNOWN_KEYS '" + value + "' is not error or warn");
        };
    }

    /** {@code LOG_FORMAT}: whether log lines are JSON objects ({@code json}) or text ({@code text}). */
    static boolean jsonLogs(String value) throws ValueException {
        return switch (value) {
            case "text" -> false;
            case "json" -> true;
            default -> throw new ValueException("LOG_FORMAT '" + value + "' is not text or json");
        };
    }

    /** {@code ON_EVENT_URL}: an absolute {@code http} or {@code https} URL with a host. */
    static void webhook(String value) throws ValueException {
        try {
            java.net.URI url = new java.net.URI(value);
            if (url.getScheme() == null || !url.getScheme().matches("https?") || url.getHost() == null) {
                throw new ValueException("ON_EVENT_URL '" + value + "' is not an http:// or https:// URL with a host");
            }
        } catch (java.net.URISyntaxException e) {
            throw new ValueException("ON_EVENT_URL '" + value + "' is not a URL: " + e.getReason());
        }
    }

    /**
     * {@code ADMIN_ADDRESS}: {@code HOST:PORT}, the host an IP literal ({@code [::1]} for IPv6) or
     * {@code localhost}; never looked up in DNS, since an address that moves would expose the endpoint.
     */
    static InetSocketAddress adminAddress(String value) throws ValueException {
        int colon = value.lastIndexOf(':');
        if (colon < 1) {
            throw new ValueException("ADMIN_ADDRESS '" + value + "' is not HOST:PORT (for example 127.0.0.1:9180)");
        }
        String host = value.substring(0, colon).strip();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = parse(Key.port(Keys.ADMIN_ADDRESS), value.substring(colon + 1).strip());
        } catch (ValueException e) {
            throw new ValueException("ADMIN_ADDRESS '" + value + "': " + e.getMessage());
        }
        try {
            return new InetSocketAddress(host.equals("localhost") ? InetAddress.getLoopbackAddress()
                    : InetAddress.ofLiteral(host), port);
        } catch (IllegalArgumentException e) {
            throw new ValueException("ADMIN_ADDRESS '" + value + "': '" + host
                    + "' is not an IP address (names are not looked up)");
        }
    }

    /** {@code PORT}: digits only, 1-65535. */
    static int port(String value) throws ValueException {
        return parse(Key.port(Keys.PORT), value);
    }

    /** A whole number of seconds, digits only; blank is 0. */
    static long seconds(String key, String value) throws ValueException {
        return value.isBlank() ? 0 : parse(Key.seconds(key), value).toSeconds();
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
        return parse(Key.absolutePath(key), value);
    }

    /** With the SPI's parser of the type, so that the core and providers read a type alike. */
    private static <T> T parse(Key<T> key, String value) throws ValueException {
        try {
            return key.parse(value);
        } catch (InvalidValueException e) {
            throw new ValueException(e.getMessage());
        }
    }
}
