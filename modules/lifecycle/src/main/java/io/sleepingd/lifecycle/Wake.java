package io.sleepingd.lifecycle;

import io.sleepingd.config.ServiceConfig;
import io.sleepingd.lifecycle.ServiceState.Waking;
import io.sleepingd.spi.Backend;
import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.CheckResult;
import io.sleepingd.spi.Endpoint;
import io.sleepingd.spi.LocalResourceException;
import io.sleepingd.spi.NothingStartedException;
import io.sleepingd.spi.Trigger;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One wake, on a virtual thread of its own: waits for the service this one replaces to stop, asks the
 * provider whether the backend runs, starts it if not, and completes the {@link Waking} state's future
 * with its address; the connections waiting on that future then connect to it themselves. A watchdog
 * bounds CHECK and START by {@code WAKE_TIMEOUT}; a failure moves the service back to asleep and backs
 * off. A wake that fails once START was called first stops whatever START may have started (unless the
 * provider said it started nothing, {@link NothingStartedException}), on a thread of its own
 * ({@link BackendStop#startUndo}); the service is {@code stopping} meanwhile. A shutdown that interrupts
 * the wake gets the same undoing. Touches the service only through its {@link ServiceCore}.
 *
 * <p>Concurrency: holds only what is fixed when it is made; the wake's thread and its watchdog share
 * nothing but the {@code timedOut} flag (an {@link AtomicBoolean}) and the state's future. CHECK and
 * START run under the service's {@code checkOrStart} lock, which the start-up's CHECK takes too.
 */
final class Wake {
    private static final Logger LOG = LoggerFactory.getLogger(Wake.class);

    private final ServiceConfig config;
    private final Backend backend;
    private final ServiceCore core;
    private final Waking waking;
    private final Trigger trigger;
    private final ServiceEvents events;
    /** Held around CHECK and START: the provider is never asked both at once for one service. */
    private final Lock checkOrStart;

    private Wake(ServiceConfig config, Backend backend, ServiceCore core, Waking waking, Trigger trigger,
            ServiceEvents events, Lock checkOrStart) {
        this.checkOrStart = checkOrStart;
        this.config = config;
        this.backend = backend;
        this.core = core;
        this.waking = waking;
        this.trigger = trigger;
        this.events = events;
    }

    /** Starts the wake for {@code waking} on its own thread, and returns that thread. */
    static Thread start(ServiceConfig config, Backend backend, ServiceCore core, Waking waking, Trigger trigger,
            ServiceEvents events, Lock checkOrStart) {
        Wake wake = new Wake(config, backend, core, waking, trigger, events, checkOrStart);
        return Thread.ofVirtual().name("wake-" + config.name()).start(wake::run);
    }

    private void run() {
        events.accept(ServiceEvent.now(ServiceEvent.Type.WAKING, config.name(), Optional.empty(),
                "a connection from " + LogText.hostOf(trigger.client()), Optional.of(trigger.client())));
        try {
            // outside the watchdog: a slow STOP_CMD of the old service, or the start-up's CHECK, is not this wake's
            awaitPredecessor();
            lockCheckOrStart();
        } catch (BackendException e) {
            fail(e, e.getMessage(), WakeOutcome.FAILED, false);
            return;
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        boolean startCalled = false;
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
            startCalled = running.isEmpty();
            Endpoint endpoint = startCalled ? backend.start(trigger) : running.get();
            core.woken(endpoint, startCalled);
            LOG.info("service '{}': backend at {} after {} ms; waiting for it to accept", config.name(), endpoint,
                    LogText.millisSince(waking.startedNanos()));
            waking.endpoint().complete(endpoint);
        } catch (BackendException e) {
            boolean mayHaveStarted = startCalled && !(e instanceof NothingStartedException);
            Optional<LocalResourceException> shortage = shortageIn(e);
            if (shortage.isPresent()) {
                // Not the backend's failure: no back-off, and the next connection tries again.
                LOG.error("service '{}': cannot wake the backend now: {}", config.name(),
                        LogText.shortageReason(shortage.get().getMessage()));
                end(e, WakeOutcome.FAILED, mayHaveStarted);
            } else if (timedOut.get()) {
                fail(e, "WAKE_TIMEOUT (" + config.wakeTimeout().toSeconds() + " s) passed: " + e.getMessage(),
                        WakeOutcome.TIMEOUT, mayHaveStarted);
            } else {
                fail(e, e.getMessage(), WakeOutcome.FAILED, mayHaveStarted);
            }
        } catch (RuntimeException | Error e) {
            // A provider's bug must not leave the wake's waiters hanging.
            LOG.error("service '{}': the provider failed during a wake", config.name(), e);
            fail(e, e.toString(), WakeOutcome.FAILED, startCalled);
        } finally {
            checkOrStart.unlock();
            watchdog.interrupt();
        }
    }

    /** Waits for the start-up's CHECK ({@code SleepingService.settleRunningBackend}), if it runs now. */
    private void lockCheckOrStart() throws BackendException {
        try {
            checkOrStart.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while the start-up's CHECK was running", e);
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

    private void fail(Throwable cause, String reason, WakeOutcome outcome, boolean mayHaveStarted) {
        LOG.error("service '{}': wake failed after {} ms: {}{}", config.name(), LogText.millisSince(waking.startedNanos()),
                reason, core.wakeFailed());
        end(cause, outcome, mayHaveStarted);
    }

    /**
     * Ends the failed wake: the service is stopping (what START may have started, or an earlier START's
     * backend that no stop followed) or asleep, and then the waiting connections learn of the failure.
     */
    private void end(Throwable cause, WakeOutcome outcome, boolean mayHaveStarted) {
        Duration took = Duration.ofNanos(System.nanoTime() - waking.startedNanos());
        core.wakeEnded(outcome, took, LogText.reason(cause));
        events.accept(ServiceEvent.now(ServiceEvent.Type.WAKE_FAILED, config.name(), Optional.of(took),
                LogText.reason(cause), Optional.of(trigger.client())));
        core.endFailedWake(waking, mayHaveStarted,
                stopping -> BackendStop.startUndo(config, backend, core, stopping, events));
        waking.endpoint().completeExceptionally(cause);
    }

    /**
     * The shortage behind a failure, if it is one: a provider that knows nothing was started reports a
     * shortage as the cause of its {@link NothingStartedException}.
     */
    private static Optional<LocalResourceException> shortageIn(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof LocalResourceException shortage) {
                return Optional.of(shortage);
            }
        }
        return Optional.empty();
    }
}
