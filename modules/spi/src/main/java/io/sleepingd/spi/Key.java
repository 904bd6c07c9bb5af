package io.sleepingd.spi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A configuration key, as written before the {@code =}, and the type of its value. The daemon
 * parses every key a provider declares (its {@code keys()}) once, with the key's {@link Parser},
 * and reports a bad value with its file and line; the provider reads the typed value with
 * {@link ServiceSettings#get}. The constants here are the core's keys that providers read.
 *
 * @param name   the key, {@code [A-Za-z_][A-Za-z0-9_]*} like every key the configuration accepts
 * @param parser turns a non-blank value into the key's type
 * @param <T>    the value's type
 */
public record Key<T>(String name, Parser<T> parser) {
    // One instance per parser, so that two keys made alike are equal; before the constants that use them.
    private static final Parser<String> TEXT = value -> value;
    // Nine digits, over 31 years: enough for any timeout, and a Duration of it fits nanoseconds in a long.
    private static final Parser<Duration> SECONDS = value -> Duration.ofSeconds(digits(value, 9,
            "is not a whole number of seconds"));
    private static final Parser<Integer> NUMBER = value -> (int) digits(value, 9, "is not a whole number");
    private static final Parser<Integer> PORT = value -> {
        if (!value.matches("\\d{1,5}") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > 65535) {
            throw new IllegalArgumentException("is not a port number (1-65535)");
        }
        return Integer.parseInt(value);
    };
    private static final Parser<Boolean> YES_NO = value -> switch (value.toLowerCase(Locale.ROOT)) {
        case "yes", "true" -> true;
        case "no", "false" -> false;
        default -> throw new IllegalArgumentException("is not yes, no, true or false");
    };
    private static final Parser<Path> ABSOLUTE_PATH = value -> {
        Path path = Path.of(value);
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("is not an absolute path");
        }
        return path;
    };
    private static final Parser<List<String>> LIST = value -> Arrays.stream(value.split("[\\s,]+"))
            .filter(item -> !item.isEmpty()).toList();
    private static final Parser<Endpoint> HOST_PORT = value -> {
        int colon = value.lastIndexOf(':');
        String host = colon < 0 ? "" : value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("is not HOST:PORT (an IPv6 address goes in brackets: [2001:db8::1]:22)");
        }
        if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("is not HOST:PORT");
        }
        return new Endpoint(host, PORT.parse(value.substring(colon + 1)));
    };

    public static final Key<String> CHECK_CMD = text("CHECK_CMD");
    public static final Key<String> START_CMD = text("START_CMD");
    public static final Key<String> STOP_CMD = text("STOP_CMD");
    public static final Key<String> IDLE_CMD = text("IDLE_CMD");
    /** Already falls back to {@code EXEC_CMD_TIMEOUT}, as do the other three command timeouts. */
    public static final Key<Duration> CHECK_CMD_TIMEOUT = seconds("CHECK_CMD_TIMEOUT");
    public static final Key<Duration> START_CMD_TIMEOUT = seconds("START_CMD_TIMEOUT");
    public static final Key<Duration> STOP_CMD_TIMEOUT = seconds("STOP_CMD_TIMEOUT");
    public static final Key<Duration> IDLE_CMD_TIMEOUT = seconds("IDLE_CMD_TIMEOUT");
    public static final Key<Duration> WAKE_TIMEOUT = seconds("WAKE_TIMEOUT");
    public static final Key<String> IDLE_PROBE = text("IDLE_PROBE");
    /**
     * {@code BACKEND=HOST:PORT}: where a backend accepts connections when its provider cannot tell (a
     * machine woken by Wake-on-LAN, a systemd unit, a host-network Swarm service). Not a core key: a
     * provider that reads it declares it in its {@code keys()}, so that one key serves them all.
     */
    public static final Key<Endpoint> BACKEND = hostPort("BACKEND");
    /** {@code SLEEP_MODE=stop|pause}; declared by the providers that can pause ({@link SleepMode}). */
    public static final Key<SleepMode> SLEEP_MODE = choice("SLEEP_MODE", SleepMode.class);

    /** The core's keys above, which every provider may read without declaring them. */
    public static final List<Key<?>> CORE = List.of(CHECK_CMD, START_CMD, STOP_CMD, IDLE_CMD, CHECK_CMD_TIMEOUT,
            START_CMD_TIMEOUT, STOP_CMD_TIMEOUT, IDLE_CMD_TIMEOUT, WAKE_TIMEOUT, IDLE_PROBE);

    /**
     * Turns a value into a key's type. Values arrive literal (quotes removed) and never blank: a
     * blank value is an unset key.
     *
     * @param <T> the type
     */
    @FunctionalInterface
    public interface Parser<T> {
        /**
         * @throws IllegalArgumentException whose message says what is wrong, to follow the key and
         *                                  the value: {@code "is not a whole number of seconds"}
         */
        T parse(String value);
    }

    public Key {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("'" + name + "' cannot be a configuration key");
        }
    }

    /** A value taken as written. */
    public static Key<String> text(String name) {
        return new Key<>(name, TEXT);
    }

    /**
     * A whole number of seconds, digits only, at most nine of them; 0 is {@link Duration#ZERO}, which
     * each key gives its meaning.
     */
    public static Key<Duration> seconds(String name) {
        return new Key<>(name, SECONDS);
    }

    /** A whole number, digits only, at most nine of them (so it fits an {@code int}). */
    public static Key<Integer> number(String name) {
        return new Key<>(name, NUMBER);
    }

    /** A TCP port, 1-65535. */
    public static Key<Integer> port(String name) {
        return new Key<>(name, PORT);
    }

    /** {@code yes}, {@code no}, {@code true} or {@code false}, in any case. */
    public static Key<Boolean> yesNo(String name) {
        return new Key<>(name, YES_NO);
    }

    /** An absolute path: the daemon may run from any directory. */
    public static Key<Path> absolutePath(String name) {
        return new Key<>(name, ABSOLUTE_PATH);
    }

    /** Items separated by commas and/or blanks; never empty, as a blank value is an unset key. */
    public static Key<List<String>> list(String name) {
        return new Key<>(name, LIST);
    }

    /** {@code HOST:PORT}, the host a name or an IP literal ({@code [::1]:22} for IPv6). */
    public static Key<Endpoint> hostPort(String name) {
        return new Key<>(name, HOST_PORT);
    }

    /** One of the enum's constants, written in lower case with {@code -} for {@code _}. */
    public static <E extends Enum<E>> Key<E> choice(String name, Class<E> type) {
        return new Key<>(name, new Choice<>(type));
    }

    /**
     * The typed value.
     *
     * @throws InvalidValueException naming this key and the value, and what is wrong with it
     */
    public T parse(String value) throws InvalidValueException {
        try {
            return parser.parse(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(this, value, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return name;
    }

    private static long digits(String value, int maxDigits, String problem) {
        if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(problem);
        }
        if (value.length() > maxDigits) {
            throw new IllegalArgumentException("is too large (more than " + maxDigits + " digits)");
        }
        return Long.parseLong(value);
    }

    /** A record, so that two keys of the same enum are equal. */
    private record Choice<E extends Enum<E>>(Class<E> type) implements Parser<E> {
        @Override
        public E parse(String value) {
            String constant = value.toUpperCase(Locale.ROOT).replace('-', '_');
            for (E each : type.getEnumConstants()) {
                if (each.name().equals(constant)) {
                    return each;
                }
            }
            List<String> allowed = new ArrayList<>();
            for (E each : type.getEnumConstants()) {
                allowed.add(each.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            throw new IllegalArgumentException("is not one of " + String.join(", ", allowed));
        }
    }
}
