package io.sleepingd.lifecycle;

/**
 * Receives a service's {@link ServiceEvent}s, on the thread that made the step (a wake's, a held
 * connection's, the idle monitor's, the shutdown's): it must not block, or the wake would wait.
 */
@FunctionalInterface
public interface ServiceEvents {
    /** Nobody listens. */
    ServiceEvents NONE = event -> {
    };

    void accept(ServiceEvent event);
}
