package io.sleepingd.spi;

/**
 * Asked, once the daemon has seen no connection and no traffic for {@code IDLE_TIME}, whether the
 * backend is idle by its own measure too; {@code false} or an exception keeps it awake.
 */
@FunctionalInterface
public interface IdleProbe {
    boolean isIdle() throws BackendException;
}
