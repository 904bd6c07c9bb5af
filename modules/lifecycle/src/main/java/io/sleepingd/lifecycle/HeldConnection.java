package io.sleepingd.lifecycle;

import io.sleepingd.answers.Answer;
import io.sleepingd.config.ServiceConfig;
import io.sleepingd.logging.DurationText;
import io.sleepingd.lifecycle.ServiceState.Asleep;
import io.sleepingd.lifecycle.ServiceState.Awake;
import io.sleepingd.lifecycle.ServiceState.Stopping;
import io.sleepingd.lifecycle.ServiceState.Waking;
import io.sleepingd.spi.Backend;
import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.Endpoint;
import io.sleepingd.spi.LocalResourceException;
import io.sleepingd.spi.Trigger;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection that cannot go straight to an awake backend, held unread on a thread of its own while
 * the backend wakes (starting the wake if nobody has): it waits out a back-off or a stop in progress,
 * and connects to the backend, with retries, until it accepts; or it gives up, with a log line saying
 * why, when its {@code WAKE_TIMEOUT} runs out or the wake fails. The caller relays, answers (a service
 * with a {@code PROTOCOL} the daemon speaks: {@link Outcome.Answered}) or closes it.
 *
 * <p>One per held connection, touched only by that connection's own thread.
 */
final class HeldConnection {
    private static final Logger LOG = LoggerFactory.getLogger(HeldConnection.class);
    /** What a client told the backend is starting is asked to wait before it tries again. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    /**
     * Starts the one wake for everybody unless another thread did; returns the wake, or the state the
     * service moved on to; empty when the daemon is closing.
     */
    interface WakeStarter {
        WakeStart beginWake(Asleep seen, Trigger trigger);
    }

    /** What {@link WakeStarter#beginWake} did. */
    sealed interface WakeStart {
        /** The wake began (this one, or another thread's), or the service moved on to {@code state}. */
        record Began(ServiceState state) implements WakeStart {
        }

        /** The wake policy turns the connection's source away, {@code why}; its log line is written. */
        record Refused(String why) implements WakeStart {
        }

        /** The service is closing. */
        record Closing() implements WakeStart {
        }
    }

    private final ServiceConfig config;
    private final Backend backend;
    private final ServiceCore core;
    private final WakeStarter wakes;
    private final Trigger trigger;
    private final String from;
    private final ServiceEvents events;
    /** When the wake's time for this connection is up (WAKE_TIMEOUT after it arrived); set by {@link #connect}. */
    private long wakeDeadline;
    /** Whether the client is answered before {@link #wakeDeadline}: HOLD_REPLY_AFTER for a protocol the daemon answers. */
    private boolean answersEarly;
    /** What the client is told when it is not relayed; null: closed unanswered. */
    private Answer answer;

    /** What became of a held connection. */
    sealed interface Outcome {
        /** The backend accepted: relay the client to {@code backend}. */
        record Connected(SocketChannel backend) implements Outcome {
        }

        /** Given up, with a log line saying why: close the client. */
        record Closed() implements Outcome {
        }

        /** Given up, with a log line saying why: answer the client in its protocol, then close it. */
        record Answered(Answer answer) implements Outcome {
        }
    }

    HeldConnection(ServiceConfig config, Backend backend, ServiceCore core, WakeStarter wakes, Trigger trigger,
            ServiceEvents events) {
        this.config = config;
        this.backend = backend;
        this.core = core;
        this.wakes = wakes;
        this.trigger = trigger;
        this.from = LogText.hostOf(trigger.client());
        this.events = events;
    }

    /**
     * Holds the connection until its backend accepts one for it, or gives up on it, after a log line
     * saying why: then the client is answered in its protocol when the service has one the daemon
     * speaks ({@code PROTOCOL}), or closed. With {@code HOLD_REPLY_AFTER}, such a client is told the
     * backend is starting once that time is up, and the wake goes on without it.
     */
    Outcome connect() {
        long now = System.nanoTime();
        wakeDeadline = now + config.wakeTimeout().toNanos();
        long deadline = wakeDeadline;
        Optional<Duration> holdReplyAfter = config.holdReplyAfter().filter(after -> config.protocol().answers());
        if (holdReplyAfter.isPresent() && now + holdReplyAfter.get().toNanos() - wakeDeadline < 0) {
            deadline = now + holdReplyAfter.get().toNanos();
            answersEarly = true;
        }
        try {
            if (core.graceOver()) {
                reject(core.closingReason() + " and the grace period is over", null);
                return new Outcome.Closed();
            }
            SocketChannel backendChannel = connectBackend(deadline);
            if (backendChannel != null) {
                return new Outcome.Connected(backendChannel);
            }
        } catch (InterruptedException e) {
            LOG.warn("service '{}': closing connection from {}: interrupted", config.name(), from);
            Thread.currentThread().interrupt();
            return new Outcome.Closed();
        } catch (RuntimeException e) {
            LOG.error("service '{}': closing connection from {}: internal error", config.name(), from, e);
            return new Outcome.Closed();
        }
        return answer != null && config.protocol().answers() ? new Outcome.Answered(answer) : new Outcome.Closed();
    }

    /** How long this connection waited, for log lines: HOLD_REPLY_AFTER's time, or WAKE_TIMEOUT's. */
    private String waited() {
        return answersEarly ? "HOLD_REPLY_AFTER (" + config.holdReplyAfter().orElseThrow().toSeconds() + " s)"
                : "WAKE_TIMEOUT (" + config.wakeTimeout().toSeconds() + " s)";
    }

    /** The client is told the backend is starting (its wake goes on), with a line saying so. */
    private SocketChannel stillStarting() {
        LOG.info("service '{}': answering connection from {}: the backend is still starting after {}", config.name(),
                from, waited());
        answer = new Answer.Starting(RETRY_AFTER);
        return null;
    }

    /** Returns a connected backend channel, or {@code null} after logging why the client is closed. */
    private SocketChannel connectBackend(long deadline) throws InterruptedException {
        while (true) {
            ServiceState seen = core.state();
            switch (seen) {
                case Awake awake -> {
                    Optional<Endpoint> routed = route();
                    routed.ifPresent(core::routedTo);
                    Endpoint endpoint = routed.orElse(awake.endpoint());
                    try {
                        // its own time, not HOLD_REPLY_AFTER's: an awake backend that is slow to accept is not asleep
                        SocketChannel channel = BackendConnector.connectOnce(endpoint, wakeDeadline);
                        if (!awake.accepted() && core.replace(awake, new Awake(awake.endpoint()))) {
                            LOG.info("service '{}': awake: backend {} accepts now", config.name(), endpoint);
                        }
                        return channel;
                    } catch (AcceptedThenResetException e) {
                        return resetByBackend(e);
                    } catch (IOException e) {
                        if (closedForShortage(config, from, e)) {
                            return null;
                        }
                        // A member just started for this connection lands here too: the wake's
                        // readiness wait is the one place that waits for a backend to accept.
                        backendRefused(core, config, e);
                    }
                }
                case Asleep asleep -> {
                    long notBefore = core.nextWakeNotBefore();
                    if (notBefore - deadline > 0) {
                        return reject("waking is paused for " + LogText.millisUntil(notBefore) + " ms after "
                                + core.failedWakes() + " failed wakes", new Answer.Failed("it failed to start lately, and"
                                + " the next try is in " + DurationText.of(Duration.ofNanos(notBefore - System.nanoTime()))));
                    }
                    if (notBefore - System.nanoTime() > 0) {
                        Thread.sleep(Duration.ofNanos(notBefore - System.nanoTime()));
                    } else {
                        switch (wakes.beginWake(asleep, trigger)) {
                            case WakeStart.Closing closing -> {
                                return reject(core.closingReason(), null);
                            }
                            case WakeStart.Refused refused -> {
                                // the source's line (one a minute) is written; this connection's only when debugging
                                LOG.debug("service '{}': closing connection from {}: {}", config.name(), from,
                                        refused.why());
                                answer = new Answer.Refused();
                                return null;
                            }
                            case WakeStart.Began began -> {
                                if (began.state() instanceof Waking waking) {
                                    return connectWhenWoken(waking, deadline); // this wake's outcome, even if it ended already
                                }
                            }
                        }
                    }
                }
                case Stopping stopping -> {
                    if (!awaitUntil(stopping.done(), deadline)) {
                        return answersEarly ? stillStarting()
                                : reject("the backend was still stopping after " + waited(),
                                        new Answer.Failed("it was still stopping"));
                    }
                }
                case Waking waking -> {
                    return connectWhenWoken(waking, deadline);
                }
            }
        }
    }

    private SocketChannel connectWhenWoken(Waking waking, long deadline) throws InterruptedException {
        Endpoint endpoint;
        try {
            endpoint = waking.endpoint().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            return reject("the wake failed: " + LogText.reason(e.getCause()), new Answer.Failed("it failed to start"));
        } catch (TimeoutException e) {
            return answersEarly ? stillStarting()
                    : reject("the backend did not start within " + waited(), new Answer.Failed("it did not start in time"));
        }
        try {
            SocketChannel channel = BackendConnector.connectWithRetries(endpoint, deadline);
            markAwake(waking, endpoint);
            return channel;
        } catch (AcceptedThenResetException e) {
            markAwake(waking, endpoint);
            return resetByBackend(e);
        } catch (IOException e) {
            if (closedForShortage(config, from, e)) {
                return null;
            }
            if (answersEarly && System.nanoTime() - wakeDeadline < 0) {
                return stillStarting(); // HOLD_REPLY_AFTER is up, not the wake's time: it goes on for the next client
            }
            // START_CMD may have started something that is still booting: count it as awake, so that
            // the idle stop puts it back to sleep; the next connection that cannot reach it wakes it again.
            if (core.replace(waking, Awake.unconfirmed(endpoint))) {
                LOG.error("service '{}': backend {} did not accept within WAKE_TIMEOUT ({} s): {}{}", config.name(),
                        endpoint, config.wakeTimeout().toSeconds(), LogText.reason(e), core.wakeFailed());
                core.markBusy();
                Duration took = Duration.ofNanos(System.nanoTime() - waking.startedNanos());
                String reason = "the backend " + endpoint + " did not accept within WAKE_TIMEOUT";
                core.wakeEnded(WakeOutcome.TIMEOUT, took, reason);
                events.accept(ServiceEvent.now(ServiceEvent.Type.WAKE_FAILED, config.name(), Optional.of(took), reason,
                        Optional.of(trigger.client())));
            }
            return reject("the backend never accepted",
                    new Answer.Failed("it did not accept connections in time"));
        }
    }

    private void markAwake(Waking waking, Endpoint endpoint) {
        if (core.markAwake(waking, endpoint)) {
            LOG.info("service '{}': awake: backend {} accepted {} ms after the wake began", config.name(), endpoint,
                    LogText.millisSince(waking.startedNanos()));
            events.accept(ServiceEvent.now(ServiceEvent.Type.AWAKE, config.name(),
                    Optional.of(Duration.ofNanos(System.nanoTime() - waking.startedNanos())),
                    "the backend " + endpoint + " accepted", Optional.of(trigger.client())));
        }
    }

    /** A pool's choice for this connection; a failure to choose is logged and falls back to the wake's address. */
    private Optional<Endpoint> route() {
        try {
            return backend.route(trigger);
        } catch (BackendException e) {
            LOG.warn("service '{}': routing failed ({}); using the address of the wake", config.name(), LogText.reason(e));
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.error("service '{}': routing failed; using the address of the wake", config.name(), e);
            return Optional.empty();
        }
    }

    /** The awake backend did not accept a connection: it is asleep after all, and the next connection wakes it. */
    static void backendRefused(ServiceCore core, ServiceConfig config, IOException failure) {
        ServiceState seen = core.state();
        if (seen instanceof Awake awake && core.replace(seen, new Asleep())) {
            LOG.info("service '{}': backend {} did not accept ({}); waking it again", config.name(), awake.endpoint(),
                    LogText.reason(failure));
        }
    }

    /**
     * Out of descriptors (or processes, or memory) here is not the backend's fault: the connection is
     * closed with a line saying so, and the service's state stays. Whether {@code failure} was that.
     */
    static boolean closedForShortage(ServiceConfig config, String from, IOException failure) {
        Optional<String> shortage = LocalResourceException.shortageIn(failure);
        shortage.ifPresent(what -> LOG.warn("service '{}': closing connection from {}: {}", config.name(), from,
                LogText.shortageReason(what)));
        return shortage.isPresent();
    }

    /** The backend ended the connection as it accepted it: the client gets the reset (see ServiceCore.uncount). */
    private SocketChannel resetByBackend(AcceptedThenResetException e) {
        LOG.debug("service '{}': connection from {} ended: {}", config.name(), from, LogText.reason(e));
        return null;
    }

    /** Gives the connection up, with a line saying why; {@code told} is its answer, or null for none. */
    private SocketChannel reject(String reason, Answer told) {
        LOG.warn("service '{}': {} connection from {}: {}", config.name(),
                told != null && config.protocol().answers() ? "answering" : "closing", from, reason);
        answer = told;
        return null;
    }

    static boolean awaitUntil(CompletableFuture<?> future, long deadlineNanos) throws InterruptedException {
        try {
            future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (ExecutionException e) {
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }
}
