package io.sleepingd.spi;

import java.util.Map;

/**
 * Asked every {@code IDLE_CHECK_INTERVAL} while an awake service has no connection and no traffic,
 * whether the backend is idle by its own measure too; {@code false} or an exception keeps it awake
 * and restarts the idle clock (as the original's IDLE_CMD did).
 */
@FunctionalInterface
public interface IdleProbe {
    boolean isIdle() throws BackendException;

    /** As {@link Backend#idleness}: the answer of {@link #isIdle}, and when busy, why. */
    default Idleness idleness() throws BackendException {
        return Idleness.of(isIdle());
    }

    /** As {@link Backend#settingsInUse}: the probe's settings, defaults filled in, for check-config. */
    default Map<String, String> settingsInUse() {
        return Map.of();
    }
}
