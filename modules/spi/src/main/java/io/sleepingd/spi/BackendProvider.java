package io.sleepingd.spi;

import java.util.Set;

/**
 * A kind of backend (shell commands, containers, ...), found with {@link java.util.ServiceLoader}
 * and selected per service by the {@code PROVIDER} configuration key.
 */
public interface BackendProvider {

    /** The value of {@code PROVIDER} that selects this provider. */
    String name();

    /**
     * The configuration keys this provider reads beyond the core's {@link Key#CORE}, with their types:
     * the daemon parses them before {@code open} and reports a bad value with its file and line, and
     * does not warn about them as unknown.
     */
    default Set<Key<?>> keys() {
        return Set.of();
    }

    /**
     * Validates the service's settings and returns its backend. Called once per service at
     * start-up and by {@code check-config}; must not start anything.
     *
     * @throws BackendException when the settings cannot work, with a message naming the key
     */
    Backend open(ServiceSettings settings) throws BackendException;
}
