package io.sleepingd.lifecycle;

import io.sleepingd.config.ServiceConfig;
import io.sleepingd.lifecycle.ServiceState.Asleep;
import io.sleepingd.lifecycle.ServiceState.Waking;
import io.sleepingd.spi.Backend;
import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.CheckResult;
import io.sleepingd.spi.Endpoint;
import io.sleepingd.spi.LocalResourceException;
import io.sleepingd.spi.Trigger;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One wake, on a virtual thread of its own: waits for the service this one replaces to stop, asks the
 * provider whether the backend runs, starts it if not, and completes the {@link Waking} state's future
 * with its address; the connections waiting on that future then connect to it themselves. A watchdog
 * bounds CHECK and START by {@code WAKE_TIMEOUT}; a failure moves the service back to asleep and backs
 * off. Touches the service only through its {@link ServiceCore}.
 */
final class Wake {
    private static final Logger LOG = LoggerFactory.getLogger(Wake.class);

    private final ServiceConfig config;
    private final Backend backend;
    private final ServiceCore core;
    private final Waking waking;
    private final Trigger trigger;

    private Wake(ServiceConfig config, Backend backend, ServiceCore core, Waking waking, Trigger trigger) {
        this.config = config;
        this.backend = backend;
        this.core = core;
        this.waking = waking;
        this.trigger = trigger;
    }

    /** Starts the wake for {@code waking} on its own thread, and returns that thread. */
    static Thread start(ServiceConfig config, Backend backend, ServiceCore core, Waking waking, Trigger trigger) {
        Wake wake = new Wake(config, backend, core, waking, trigger);
        return Thread.ofVirtual().name("wake-" + config.name()).start(wake::run);
    }

    private void run() {
        try {
            awaitPredecessor(); // outside the watchdog: a slow STOP_CMD of the old service is not this wake's failure
        } catch (BackendException e) {
            fail(e, e.getMessage());
            return;
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        Thread watchdog = startWatchdog(Thread.currentThread(), timedOut);
        try {
            Optional<Endpoint> running = switch (backend.check(trigger)) {
                case CheckResult.Running r -> r.endpoint().or(() -> Optional.ofNullable(core.lastEndpoint()));
                case CheckResult.NotRunning n -> Optional.empty();
            };
            if (running.isPresent()) {
                LOG.info("service '{}': backend already running at {}", config.name(), running.get());
            } else {
                LOG.info("service '{}': waking the backend for {}", config.name(), LogText.hostOf(trigger.client()));
            }
            Endpoint endpoint = running.isPresent() ? running.get() : backend.start(trigger);
            core.lastEndpoint(endpoint);
            LOG.info("service '{}': backend at {} after {} ms; waiting for it to accept", config.name(), endpoint,
                    LogText.millisSince(waking.startedNanos()));
            waking.endpoint().complete(endpoint);
        } catch (LocalResourceException e) {
            // Not the backend's failure: no back-off, and the next connection tries again.
            LOG.error("service '{}': cannot wake the backend now: {}", config.name(),
                    LogText.shortageReason(e.getMessage()));
            core.replace(waking, new Asleep());
            waking.endpoint().completeExceptionally(e);
        } catch (BackendException e) {
            fail(e, timedOut.get() ? "WAKE_TIMEOUT (" + config.wakeTimeout().toSeconds() + " s) passed: "
                    + e.getMessage() : e.getMessage());
        } catch (RuntimeException | Error e) {
            // A provider's bug must not leave the wake's waiters hanging.
            LOG.error("service '{}': the provider failed during a wake", config.name(), e);
            fail(e, e.toString());
        } finally {
            watchdog.interrupt();
        }
    }

    /**
     * The service this one replaces (a reload changed its settings) may still be stopping the same
     * backend: waking it meanwhile would have the old STOP_CMD stop what the new START_CMD started.
     */
    private void awaitPredecessor() throws BackendException {
        try {
            core.predecessor().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while the service it replaces was still stopping", e);
        } catch (ExecutionException e) {
            // the predecessor's stop failed; it has logged why, and its backend counts as asleep
        }
    }

    /**
     * CHECK_CMD and START_CMD together get WAKE_TIMEOUT: a command that hangs (with no timeout of its
     * own) would otherwise hold every later connection hostage. Interrupting the wake kills the
     * command's process tree, the wake fails and backs off, and the next connection tries again.
     */
    private Thread startWatchdog(Thread wake, AtomicBoolean timedOut) {
        return Thread.ofVirtual().name("wake-watchdog-" + config.name()).start(() -> {
            try {
                Thread.sleep(config.wakeTimeout());
            } catch (InterruptedException e) {
                return; // the wake finished in time
            }
            if (!waking.endpoint().isDone()) {
                timedOut.set(true);
                wake.interrupt();
            }
        });
    }

    private void fail(Throwable cause, String reason) {
        LOG.error("service '{}': wake failed after {} ms: {}{}", config.name(), LogText.millisSince(waking.startedNanos()),
                reason, core.wakeFailed());
        core.replace(waking, new Asleep());
        waking.endpoint().completeExceptionally(cause);
    }
}
