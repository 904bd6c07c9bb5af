package io.sleepingd.lifecycle;

import io.sleepingd.config.ServiceConfig;
import io.sleepingd.lifecycle.ServiceState.Stopping;
import io.sleepingd.spi.Backend;
import io.sleepingd.spi.BackendException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the provider's {@link Backend#stop} for a service that is {@link Stopping}, and makes it asleep
 * afterwards whatever happened: the one place a stop's outcome is logged (with the service's name, a
 * failure included, never swallowed), for the idle stop, the shutdown and the undoing of a failed wake.
 *
 * <p>Holds nothing: each call runs on the thread of whoever began the stop (the idle monitor, the
 * shutdown's thread) or on a virtual thread of its own ({@link #startUndo}), and changes the service
 * only through its {@link ServiceCore}.
 */
final class BackendStop {
    private static final Logger LOG = LoggerFactory.getLogger(BackendStop.class);

    private BackendStop() {
    }

    /**
     * Undoes a failed or abandoned wake on a virtual thread of its own, so that an interrupt meant for
     * the wake (its watchdog, the shutdown) cannot cut this stop short; returns that thread.
     */
    static Thread startUndo(ServiceConfig config, Backend backend, ServiceCore core, Stopping stopping,
            ServiceEvents events) {
        return Thread.ofVirtual().name("undo-wake-" + config.name()).start(() -> {
            LOG.info("service '{}': stopping what the failed wake may have started", config.name());
            try {
                run(config, backend, core, stopping, events, StopReason.FAILED, "the wake failed");
            } finally {
                core.stopEnded(); // as the idle stop does: a shutdown must not interrupt a finished thread
            }
        });
    }

    /**
     * Stops the backend; the service is asleep afterwards, and {@code stopping}'s future complete.
     * {@code events} hears {@code stopping} and {@code asleep}, both with {@code reason}; metrics count
     * the stop under {@code kind}.
     */
    static void run(ServiceConfig config, Backend backend, ServiceCore core, Stopping stopping, ServiceEvents events,
            StopReason kind, String reason) {
        long started = System.nanoTime();
        events.accept(ServiceEvent.now(ServiceEvent.Type.STOPPING, config.name(), Optional.empty(), reason,
                Optional.empty()));
        core.recordStop(kind, reason);
        try {
            backend.stop();
            LOG.info("service '{}': backend stopped in {} ms", config.name(), LogText.millisSince(started));
        } catch (BackendException e) {
            LOG.error("service '{}': stop failed after {} ms: {}; counting the service as asleep", config.name(),
                    LogText.millisSince(started), e.getMessage());
            core.recordError("stop failed: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("service '{}': stop failed after {} ms; counting the service as asleep", config.name(),
                    LogText.millisSince(started), e);
            core.recordError("stop failed: " + e);
        } finally {
            core.stopped(stopping);
            stopping.done().complete(null);
            events.accept(ServiceEvent.now(ServiceEvent.Type.ASLEEP, config.name(),
                    Optional.of(Duration.ofNanos(System.nanoTime() - started)), reason, Optional.empty()));
        }
    }
}
