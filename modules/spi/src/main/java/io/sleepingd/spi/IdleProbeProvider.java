package io.sleepingd.spi;

import java.util.Set;

/**
 * A kind of idle probe (for example "is anybody logged in?"), found with
 * {@link java.util.ServiceLoader} and selected per service by the {@code IDLE_PROBE} key, so that
 * any backend can use any probe.
 */
public interface IdleProbeProvider {

    /** The value of {@code IDLE_PROBE} that selects this probe. */
    String name();

    /**
     * The configuration keys this probe reads beyond the core's {@link Key#CORE}, with their types:
     * the daemon parses them before {@code open} and reports a bad value with its file and line, and
     * does not warn about them as unknown.
     */
    default Set<Key<?>> keys() {
        return Set.of();
    }

    /** Validates the service's settings and returns its probe; must not contact anything yet. */
    IdleProbe open(ServiceSettings settings) throws BackendException;
}
