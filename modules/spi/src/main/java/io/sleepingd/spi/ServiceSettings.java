package io.sleepingd.spi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A service's effective configuration as a provider sees it: inheritance from the general section
 * and defaults applied, and every key the provider declared (and the core's {@link Key#CORE})
 * parsed once, into its type, before the provider opens the service. So reading a value never
 * fails, and a bad one was reported with its file and line instead of by the provider.
 */
public final class ServiceSettings {
    private final String name;
    private final int port;
    private final Optional<RunAs> runAs;
    /** Every declared key, by name. */
    private final Map<String, Key<?>> declared;
    /** The declared keys that have a value (not blank), parsed. */
    private final Map<String, Object> values;

    private ServiceSettings(String name, int port, Optional<RunAs> runAs, Map<String, Key<?>> declared,
            Map<String, Object> values) {
        this.name = name;
        this.port = port;
        this.runAs = runAs;
        this.declared = Map.copyOf(declared);
        this.values = Map.copyOf(values);
    }

    /**
     * Parses the core's keys and {@code keys} from the service's values.
     *
     * @param name     the service (section) name, for log lines and the commands' environment
     * @param port     the port the daemon listens on for this service
     * @param runAs    the account commands must run as, when {@code USER} is set
     * @param literals every key the service has, by name, effective values as written (quotes removed);
     *                 per-command timeouts already fall back to {@code EXEC_CMD_TIMEOUT}
     * @param keys     the keys the provider (and the idle probe) declared
     * @throws InvalidValueException for the first value, in {@code keys} order, its key rejects
     */
    public static ServiceSettings parse(String name, int port, Optional<RunAs> runAs, Map<String, String> literals,
            Collection<Key<?>> keys) throws InvalidValueException {
        Parsed parsed = parseAll(name, port, runAs, literals, keys);
        if (!parsed.invalid().isEmpty()) {
            throw parsed.invalid().getFirst();
        }
        return parsed.settings().orElseThrow();
    }

    /**
     * What {@link #parseAll} found: the settings when every value is valid, else every value a key
     * rejected, so that a configuration's mistakes are all reported in one run.
     */
    public record Parsed(Optional<ServiceSettings> settings, List<InvalidValueException> invalid) {
        public Parsed {
            invalid = List.copyOf(invalid);
        }
    }

    /** As {@link #parse}, going on past a value its key rejects. */
    public static Parsed parseAll(String name, int port, Optional<RunAs> runAs, Map<String, String> literals,
            Collection<Key<?>> keys) {
        List<InvalidValueException> invalid = new ArrayList<>();
        Set<Key<?>> all = new LinkedHashSet<>(Key.CORE);
        all.addAll(keys);
        Map<String, Key<?>> declared = new HashMap<>();
        Map<String, Object> values = new HashMap<>();
        for (Key<?> key : all) {
            Key<?> earlier = declared.putIfAbsent(key.name(), key);
            if (earlier != null && !earlier.equals(key)) {
                throw new IllegalArgumentException(key + " is declared twice, with different types");
            }
            String literal = literals.get(key.name());
            if (literal != null && !literal.isBlank()) {
                try {
                    values.put(key.name(), key.parse(literal));
                } catch (InvalidValueException e) {
                    invalid.add(e);
                }
            }
        }
        return invalid.isEmpty() ? new Parsed(Optional.of(new ServiceSettings(name, port, runAs, declared, values)), invalid)
                : new Parsed(Optional.empty(), invalid);
    }

    /** The service (section) name. */
    public String name() {
        return name;
    }

    /** The port the daemon listens on for this service. */
    public int port() {
        return port;
    }

    /** The account commands must run as, when {@code USER} is set. */
    public Optional<RunAs> runAs() {
        return runAs;
    }

    /**
     * The key's value; empty when unset or blank.
     *
     * @throws IllegalArgumentException when the provider did not declare the key in {@code keys()}
     *                                  (or declared it with another type): a bug, not a setting
     */
    @SuppressWarnings("unchecked") // parse() stored what this very key's parser returned
    public <T> Optional<T> get(Key<T> key) {
        if (!key.equals(declared.get(key.name()))) {
            throw new IllegalArgumentException(key + " is not among the keys the provider declared, with this type");
        }
        return Optional.ofNullable((T) values.get(key.name()));
    }

    @Override
    public String toString() {
        return "ServiceSettings[" + name + ", port " + port + ", " + values + "]";
    }
}
