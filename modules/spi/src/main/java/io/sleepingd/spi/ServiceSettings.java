package io.sleepingd.spi;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A service's effective configuration as a provider sees it: inheritance from the general
 * section and defaults already applied, values literal as written (quotes removed).
 *
 * <p>Providers read it through the typed accessors, by {@link Key}: the core's keys have been
 * validated by the configuration loader (with the file and line of a bad value), so reading them
 * never fails; a provider's own keys are checked here, once, when the provider opens the service,
 * and a bad one is a {@link BackendException} naming the key.
 *
 * @param name   the service (section) name, for log lines and the commands' environment
 * @param port   the port the daemon listens on for this service
 * @param runAs  the account commands must run as, when {@code USER} is set
 * @param values every key the service has, by name, effective values; per-command timeouts already
 *               fall back to {@code EXEC_CMD_TIMEOUT}
 */
public record ServiceSettings(String name, int port, Optional<RunAs> runAs, Map<String, String> values) {
    /** Nine digits always fit an {@code int}. */
    private static final String WHOLE_NUMBER = "\\d{1,9}";

    public ServiceSettings {
        values = Map.copyOf(values);
    }

    /** The value, empty when unset or blank. */
    public Optional<String> text(Key key) {
        return Optional.ofNullable(values.get(key.name())).filter(v -> !v.isBlank());
    }

    /**
     * A whole number of seconds; empty when unset or blank, {@link Duration#ZERO} for 0 (which each
     * key gives its own meaning).
     *
     * @throws BackendException {@code KEY 'value' is not a whole number of seconds}
     */
    public Optional<Duration> duration(Key key) throws BackendException {
        Optional<String> value = text(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            // digits only and within a long: what the loader accepts for the core's seconds
            if (value.get().chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value.get())));
            }
        } catch (NumberFormatException e) {
            // too many digits: as wrong as a letter
        }
        throw new BackendException(key + " '" + value.get() + "' is not a whole number of seconds");
    }

    /**
     * A whole number, at most nine digits; empty when unset or blank.
     *
     * @throws BackendException {@code KEY 'value' is not a whole number}
     */
    public Optional<Integer> number(Key key) throws BackendException {
        Optional<String> value = text(key);
        if (value.isPresent() && !value.get().matches(WHOLE_NUMBER)) {
            throw new BackendException(key + " '" + value.get() + "' is not a whole number");
        }
        return value.map(Integer::parseInt);
    }
}
