package io.sleepingd.lifecycle;

import io.sleepingd.answers.Answer;
import io.sleepingd.answers.NativeAnswer;
import io.sleepingd.config.AddressRanges;
import io.sleepingd.config.ServiceConfig;
import io.sleepingd.config.WakePolicy;
import io.sleepingd.lifecycle.ServiceState.Asleep;
import io.sleepingd.lifecycle.ServiceState.Awake;
import io.sleepingd.lifecycle.ServiceState.Stopping;
import io.sleepingd.lifecycle.ServiceState.Waking;
import io.sleepingd.logging.DurationText;
import io.sleepingd.logging.HostPort;
import io.sleepingd.relay.ActiveRelay;
import io.sleepingd.relay.ConnectionBytes;
import io.sleepingd.relay.Relay;
import io.sleepingd.relay.RelayAbortedException;
import io.sleepingd.relay.RelayLoops;
import io.sleepingd.relay.RelayOutcome;
import io.sleepingd.relay.RelayResult;
import io.sleepingd.relay.Traffic;
import io.sleepingd.spi.Backend;
import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.CheckResult;
import io.sleepingd.spi.Endpoint;
import io.sleepingd.spi.IdleProbe;
import io.sleepingd.spi.Idleness;
import io.sleepingd.spi.Trigger;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * One service: the second step of a connection's path (acceptor, then this, then the relay). Takes
 * every accepted connection: while the backend is awake it goes straight to the relay; otherwise it is
 * held ({@link HeldConnection}) while one {@link Wake} for all of them starts the backend. Puts the
 * backend back to sleep once idle, and stops it at shutdown.
 *
 * <p>Everything that changes lives in the {@link ServiceCore}, under its one lock; this class holds
 * only what is fixed at construction and the volatile {@code successor} a reload sets once
 * ({@link #handOver}, {@link #forwardTo}, on the control thread), and runs on the acceptor's loop ({@link #admit}), a held
 * connection's virtual thread ({@link HeldConnection}), the relay loop that completes a relayed
 * connection's outcome ({@link #follow}), the idle monitor ({@link #checkIdle}), the shutdown's
 * thread ({@link #shutdown}), the start-up's CHECK ({@link #settleRunningBackend}, which shares the
 * {@code checkOrStart} lock with the wakes, so that the provider is asked one CHECK or START at a
 * time) and, for a service a reload replaced, the thread that waits for its last connection
 * ({@link #awaitNoLiveConnections}).
 */
public final class SleepingService {
    private static final Logger LOG = LoggerFactory.getLogger(SleepingService.class);
    /** How long an interrupted command has to be killed, with everything it started. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    /** How long {@link #connections} waits for a relay loop to count a connection's bytes. */
    private static final Duration COUNT_WAIT = Duration.ofSeconds(2);

    private final ServiceConfig config;
    private final Backend backend;
    private final Optional<IdleProbe> idleProbe;
    private final RelayLoops loops;
    /** {@link Backend#routes}, asked once: it is the provider's code, and admit runs on a relay loop. */
    private final boolean routes;
    /** Bytes relayed each way; the relay's loops add to it. */
    private final Traffic traffic;
    /** The same for connections from outside KEEP_AWAKE_FROM, which the idle check does not look at. */
    private final Traffic passiveTraffic;
    private final ServiceCore core;
    private final ServiceCounters counters;
    private final WakePolicy policy;
    private final Optional<WakeRateLimiter> wakeRate;
    /** The sources the policy turns away: a line per source and minute. */
    private final SourceLog refusals = new SourceLog();
    /**
     * Set once, by a reload that replaces this service on the same sockets ({@link #handOver},
     * {@link #forwardTo}), before the core says so: the service every new connection goes to, including
     * one the acceptor was already handing here.
     */
    private volatile SleepingService successor;
    private final ServiceEvents events;
    /** Held by a wake's CHECK and START and by the start-up's CHECK: the provider gets one at a time. */
    private final Lock checkOrStart = new ReentrantLock();
    /** The start-up's CHECK ({@link #settleRunningBackend}), set once, for the shutdown to interrupt. */
    private volatile Thread startupCheck;

    SleepingService(ServiceConfig config, Backend backend, Optional<IdleProbe> idleProbe, RelayLoops loops) {
        this(config, backend, idleProbe, loops, ServiceEvents.NONE, new ServiceCounters());
    }

    SleepingService(ServiceConfig config, Backend backend, Optional<IdleProbe> idleProbe, RelayLoops loops,
            ServiceEvents events, ServiceCounters counters) {
        this.events = events;
        this.traffic = counters.traffic();
        this.passiveTraffic = counters.passiveTraffic();
        this.core = new ServiceCore(counters);
        this.counters = counters;
        this.policy = config.wakePolicy();
        this.wakeRate = policy.wakeRate().map(WakeRateLimiter::new);
        this.config = config;
        this.backend = backend;
        this.idleProbe = idleProbe;
        this.loops = loops;
        this.routes = backend.routes();
    }

    /** The configuration the service was built from; a reload that changes it builds a new service. */
    public ServiceConfig config() {
        return config;
    }

    /**
     * Takes an accepted connection without blocking the caller (the acceptor's loop). While the backend
     * is awake, the relay connects to it and relays on its own; otherwise the connection is held on a
     * virtual thread of its own while the backend wakes. Counted as live from here to its close.
     */
    public void admit(SocketChannel client) {
        Trigger trigger;
        try {
            trigger = new Trigger((InetSocketAddress) client.getRemoteAddress(),
                    (InetSocketAddress) client.getLocalAddress());
        } catch (IOException e) {
            LOG.info("service '{}': a connection closed before it could be served: {}", config.name(), e.getMessage());
            Relay.reset(client);
            return;
        }
        boolean keepsAwake = policy.keepsAwake(trigger.client().getAddress());
        Traffic counted = keepsAwake ? traffic : passiveTraffic; // KEEP_AWAKE_FROM's outsiders: not activity
        Optional<Awake> awake;
        switch (core.count(client, trigger.client(), keepsAwake)) {
            case ServiceCore.Admission.Replaced replaced -> {
                successor.admit(client); // set before the core said it was replaced
                return;
            }
            case ServiceCore.Admission.Counted admitted -> awake = admitted.awake();
        }
        try {
            // One that has not accepted yet goes the held way, which marks it accepted once it has.
            Optional<InetSocketAddress> address = routes ? Optional.empty()
                    : awake.filter(Awake::accepted).flatMap(Awake::address);
            if (address.isPresent()) {
                follow(client, trigger, counted, loops.connectAndRelay(client, address.get(), counted));
            } else {
                hold(client, trigger, counted);
            }
        } catch (Throwable bug) {
            core.uncount(client); // counted but never served, it would keep the backend awake for ever
            throw bug; // the acceptor resets the client, and its loop logs the bug
        }
    }

    /**
     * Holds the connection on a virtual thread of its own until its backend accepts, then relays it,
     * its bytes counted in {@code counted}.
     */
    private void hold(SocketChannel client, Trigger trigger, Traffic counted) {
        HeldConnection held = new HeldConnection(config, backend, core, this::beginWake, trigger, events);
        Thread.ofVirtual().name("conn-" + config.name()).start(() -> {
            try {
                switch (held.connect()) {
                    case HeldConnection.Outcome.Connected connected ->
                            follow(client, trigger, counted, loops.relay(client, connected.backend(), counted));
                    case HeldConnection.Outcome.Closed closed -> core.uncount(client);
                    case HeldConnection.Outcome.Answered answered -> answer(client, trigger, answered.answer());
                }
            } catch (Throwable bug) {
                internalError(client, trigger, bug);
            }
        });
    }

    /** Tells a held client, in its protocol, why it is not relayed, and closes its connection in order. */
    private void answer(SocketChannel client, Trigger trigger, Answer answer) {
        try {
            NativeAnswer.send(client, config.protocol(), answer);
        } catch (IOException e) {
            LOG.info("service '{}': the connection from {} ended before its answer: {}", config.name(),
                    LogText.hostOf(trigger.client()), e.getMessage());
        } finally {
            core.closed(client);
        }
    }

    /** A bug while serving a connection: it is cut (not left hanging) and stops counting, with a line saying so. */
    private void internalError(SocketChannel client, Trigger trigger, Throwable bug) {
        LOG.error("service '{}': internal error serving the connection from {}; closing it", config.name(),
                LogText.hostOf(trigger.client()), bug);
        Relay.reset(client);
        core.uncount(client);
    }

    /**
     * Starts the one wake for everybody, unless another thread already did (see {@link ServiceCore#beginWake}),
     * or the wake policy turns the connection's source away ({@code Refused}, after the source's log
     * line). A wake that begins counts against its source's WAKE_RATE.
     */
    private HeldConnection.WakeStart beginWake(Asleep seen, Trigger trigger) {
        InetAddress source = trigger.client().getAddress();
        Optional<WakeRefusal> refusal = !policy.mayWake(source) ? Optional.of(WakeRefusal.SOURCE)
                : wakeRate.filter(rate -> !rate.allows(source, System.nanoTime())).map(rate -> WakeRefusal.RATE);
        if (refusal.isPresent()) {
            counters.wakeRefused(refusal.get());
            String why = switch (refusal.get()) {
                case SOURCE -> "its source may not wake the backend (WAKE_FROM " + describe(policy.wakeFrom())
                        + ", NO_WAKE_FROM " + describe(policy.noWakeFrom()) + ")";
                case RATE -> "its source has begun " + policy.wakeRate().orElseThrow().wakes() + " wakes within "
                        + DurationText.of(policy.wakeRate().orElseThrow().period()) + " (WAKE_RATE)";
            };
            refusals.log(source, "service '" + config.name() + "': turning away connections from "
                    + source.getHostAddress() + " while the backend is asleep: " + why, line -> LOG.warn("{}", line));
            return new HeldConnection.WakeStart.Refused(why);
        }
        return core.beginWake(seen, waking -> {
            wakeRate.ifPresent(rate -> rate.record(source, System.nanoTime()));
            return Wake.start(config, backend, core, waking, trigger, events, checkOrStart);
        }).<HeldConnection.WakeStart>map(HeldConnection.WakeStart.Began::new)
                .orElseGet(HeldConnection.WakeStart.Closing::new);
    }

    private static String describe(AddressRanges ranges) {
        return ranges.toString().isEmpty() ? (ranges.isEveryone() ? "everyone" : "nobody") : "'" + ranges + "'";
    }

    /** Follows a relayed connection to its end: logged, uncounted, or held for a wake if the backend refused. */
    private void follow(SocketChannel client, Trigger trigger, Traffic counted, ActiveRelay relay) {
        core.relayedBy(client, relay); // before the outcome can uncount it
        relay.outcome().thenAccept(outcome -> {
            try {
                followed(client, trigger, counted, outcome);
            } catch (Throwable bug) {
                internalError(client, trigger, bug);
            }
        });
    }

    private void followed(SocketChannel client, Trigger trigger, Traffic counted, RelayOutcome outcome) {
        switch (outcome) {
            case RelayOutcome.Ended ended -> {
                logEnd(trigger, ended.result());
                core.uncount(client);
            }
            case RelayOutcome.NotConnected refused -> {
                if (HeldConnection.closedForShortage(config, LogText.hostOf(trigger.client()), refused.failure())) {
                    core.uncount(client);
                    return;
                }
                HeldConnection.backendRefused(core, config, refused.failure());
                core.heldAgain(client);
                hold(client, trigger, counted);
            }
        }
    }

    private void logEnd(Trigger trigger, RelayResult result) {
        IOException failure = result.failure();
        String from = LogText.hostOf(trigger.client());
        if (failure == null) {
            LOG.debug("service '{}': connection from {} done ({} bytes in, {} out)", config.name(), from,
                    result.clientToBackend(), result.backendToClient());
        } else if (!(failure instanceof RelayAbortedException)) { // the abort's reason is logged where it is made
            // A peer that resets its connection ended it, not us: worth a line only when debugging,
            // or a client that closes with a reset (many do) writes a log line per connection.
            LOG.atLevel(Relay.isReset(failure) ? Level.DEBUG : Level.INFO).log(
                    "service '{}': connection from {} ended with {} ({} bytes in, {} out)", config.name(), from,
                    LogText.reason(failure), result.clientToBackend(), result.backendToClient());
        }
    }

    /**
     * A reload replaced this service by {@code next}, listening on the same addresses: when this one is
     * awake and {@code next} has the same provider, {@code next} takes the backend over as it runs,
     * awake (its idle stop and STOP_CMD are now {@code next}'s), and every new connection; the
     * connections live here go on to their end, which {@link #awaitNoLiveConnections} waits for.
     * Otherwise (asleep, waking, stopping, or another provider, whose backend is another) nothing
     * happens, and the caller takes this service out as before.
     *
     * @return whether the backend was handed over
     */
    public boolean handOver(SleepingService next) {
        if (!config.provider().equals(next.config.provider())) {
            return false;
        }
        successor = next;
        if (!core.handOver(next.core, "a reload changed the service's settings")) {
            return false;
        }
        LOG.info("service '{}': a reload changed its settings; the new ones took over the awake backend and"
                + " its live connections", config.name());
        return true;
    }

    /**
     * A reload replaced this service by {@code next} on the same sockets, without handing the backend
     * over: every new connection goes to {@code next}, and no new wake begins here; the connections live
     * here go on with this service's backend until they end (see {@code ServiceSet.retire}), or until
     * the service is taken out ({@code ServiceSet.remove}).
     */
    public void forwardTo(SleepingService next) {
        successor = next;
        core.markReplaced("a reload replaced the service");
    }

    /** Whether a wake is in progress: a reload then waits for its end before it replaces the service. */
    public boolean isWaking() {
        return core.state() instanceof Waking;
    }

    /** Returns once the connections live here have ended, however long they last. */
    public void awaitNoLiveConnections() throws InterruptedException {
        core.awaitNoLiveConnections();
    }

    /** Makes this service's first wake wait until {@code stopped}: the service it replaces has stopped. */
    public void replaces(CompletableFuture<Void> stopped) {
        core.replaces(stopped);
    }

    /**
     * Called every {@code IDLE_CHECK_INTERVAL}: stops the backend once the service has had no live
     * connection and no traffic for {@code IDLE_TIME} and the backend's own idle probe agrees.
     */
    public void checkIdle() {
        ServiceCore.IdleCheck check = core.checkIdle(config.idleTime());
        if (check instanceof ServiceCore.IdleCheck.Busy busy) {
            logIfChanged(busy);
        }
        if (!(check instanceof ServiceCore.IdleCheck.Quiet quiet)) {
            return;
        }
        Optional<String> busy = whyBusy();
        if (busy.isPresent()) {
            logIfChanged(core.markBusy(busy.get()));
            return;
        }
        if (!quiet.due()) {
            return;
        }
        Optional<Stopping> stopping = core.beginIdleStop(quiet.seen(), config.idleTime());
        if (stopping.isEmpty()) {
            return; // a connection came and went while the probe ran
        }
        LOG.info("service '{}': idle for {} s; stopping the backend", config.name(), config.idleTime().toSeconds());
        core.passiveConnections().forEach((client, end) -> {
            LOG.info("service '{}': closing connection from {}: the backend is stopping, and connections from"
                    + " outside KEEP_AWAKE_FROM do not keep it awake", config.name(), HostPort.of(client));
            end.run();
        });
        try {
            BackendStop.run(config, backend, core, stopping.get(), events, StopReason.IDLE,
                    "idle for " + config.idleTime().toSeconds() + " s");
        } finally {
            core.stopEnded();
        }
    }

    /**
     * Asks the provider, once, whether the backend already runs (started outside the daemon, or left by
     * a daemon that crashed), when the service begins to listen, and adopts it as awake or stops it, as
     * {@code ON_START_IF_RUNNING} says; first waits for the service this one replaces to stop the same
     * backend. CHECK sees the service's own address as the client, there being none. Runs on a virtual
     * thread of its own, which a shutdown interrupts; a wake waits for its CHECK (they share
     * {@code checkOrStart}), and a wake that began first makes it do nothing.
     */
    public void settleRunningBackend(InetSocketAddress local) {
        Thread check = Thread.ofVirtual().name("found-running-" + config.name()).unstarted(() -> {
            try {
                core.predecessor().get();
                checkOrStart.lockInterruptibly();
            } catch (InterruptedException e) {
                return; // the daemon is stopping
            } catch (ExecutionException e) {
                // the predecessor's stop failed; it has logged why, and its backend counts as asleep
                return;
            }
            try {
                if (core.state() instanceof Asleep asleep && backend.check(new Trigger(local, local))
                        instanceof CheckResult.Running running) {
                    settle(asleep, running.endpoint());
                }
            } catch (BackendException e) {
                LOG.warn("service '{}': could not tell whether the backend already runs: {}", config.name(),
                        e.getMessage());
                core.recordError("the start-up CHECK failed: " + e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("service '{}': the provider failed in the start-up CHECK", config.name(), e);
                core.recordError("the start-up CHECK failed: " + e);
            } finally {
                checkOrStart.unlock();
            }
        });
        startupCheck = check;
        check.start();
    }

    /** Adopts or stops the backend found running while the service was {@code asleep}; under {@code checkOrStart}. */
    private void settle(Asleep asleep, Optional<Endpoint> endpoint) {
        switch (config.onStartIfRunning()) {
            case ADOPT -> {
                if (endpoint.isEmpty()) {
                    if (core.owesStopOfFound(asleep)) {
                        LOG.info("service '{}': the backend already runs, but the provider does not say where: it is"
                                + " stopped after {} s unless a connection wakes it (ON_START_IF_RUNNING=adopt)",
                                config.name(), config.idleTime().toSeconds());
                    }
                } else if (core.adoptRunning(asleep, endpoint.get())) {
                    LOG.info("service '{}': the backend already runs at {}: adopted as awake (ON_START_IF_RUNNING"
                            + "=adopt); it sleeps after {} s without use", config.name(), endpoint.get(),
                            config.idleTime().toSeconds());
                    events.accept(ServiceEvent.now(ServiceEvent.Type.AWAKE, config.name(), Optional.empty(),
                            "found running, adopted", Optional.empty()));
                }
            }
            case STOP -> core.beginStopOfFound(asleep).ifPresent(stopping -> {
                LOG.info("service '{}': the backend already runs; stopping it (ON_START_IF_RUNNING=stop)",
                        config.name());
                try {
                    BackendStop.run(config, backend, core, stopping, events, StopReason.FOUND_RUNNING,
                            "found running when the service began to listen");
                } finally {
                    core.stopEnded();
                }
            });
        }
    }

    /** Why the backend stays awake, logged when it changes, not at every check. */
    private void logIfChanged(ServiceCore.IdleCheck.Busy busy) {
        if (busy.changed()) {
            LOG.info("service '{}': kept awake: {}", config.name(), busy.why());
        }
    }

    /** Why the provider's idle check or the idle probe says the backend is in use; empty when both say idle. */
    private Optional<String> whyBusy() {
        try {
            if (backend.idleness() instanceof Idleness.Busy busy) {
                return Optional.of(busy.why().isEmpty() ? "the provider says it is in use" : busy.why());
            }
            if (idleProbe.isPresent() && idleProbe.get().idleness() instanceof Idleness.Busy busy) {
                return Optional.of("the idle probe says it is in use" + (busy.why().isEmpty() ? "" : ": " + busy.why()));
            }
            return Optional.empty();
        } catch (BackendException e) {
            LOG.warn("service '{}': idle probe failed ({}); counting the service as busy", config.name(),
                    e.getMessage());
            return Optional.of("the idle check failed: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("service '{}': idle probe failed; counting the service as busy", config.name(), e);
            return Optional.of("the idle check failed: " + e);
        }
    }

    /**
     * Stops the service, for a daemon shutdown or because a reload took it out: live connections may
     * finish until the deadline, then are closed (each with a log line); a wake still running is
     * interrupted (and undoes itself: {@link Wake}), and a backend that is (or may be) up is stopped:
     * awake, or asleep with a START that no stop followed yet.
     *
     * @param reason why, for metrics: the daemon stops, or a reload
     * @param why    what the log lines say is happening: "the daemon is stopping", "a reload removed the service"
     */
    public void shutdown(long deadlineNanos, StopReason reason, String why) throws InterruptedException {
        ServiceCore.Closed closed = core.close(deadlineNanos, why);
        Thread check = startupCheck;
        // closing now, it can begin no stop; one it began is awaited below like any stop
        if (check != null && core.stopper().filter(check::equals).isEmpty()) {
            check.interrupt(); // its CHECK's command is killed
        }
        for (Map.Entry<SocketChannel, Runnable> client : closed.remaining().entrySet()) {
            LOG.warn("service '{}': closing connection from {}: {} and the grace period is over",
                    config.name(), LogText.peerOf(client.getKey()), why);
            client.getValue().run();
        }
        if (core.state() instanceof Waking waking && !waking.endpoint().isDone() && closed.wake().isPresent()) {
            LOG.warn("service '{}': {}; interrupting the wake", config.name(), why);
            closed.wake().get().interrupt();
            HeldConnection.awaitUntil(waking.endpoint(), System.nanoTime() + KILL_WAIT.toNanos());
        }
        ServiceState last = core.state();
        switch (last) {
            case Asleep a -> {
                if (core.owesStop()) {
                    stopForShutdown(last, reason, why); // a START ran that no stop followed: a backend it started may run
                }
            }
            case Stopping stopping -> awaitStop(stopping);
            case Awake a -> stopForShutdown(last, reason, why);
            case Waking w -> stopForShutdown(last, reason, why);
        }
    }

    /**
     * Waits for a stop that was running when the shutdown began (an idle stop, or the undoing of a failed
     * wake); interrupted (the shutdown's time is up), it interrupts the stop, which kills STOP_CMD and
     * everything it started.
     */
    private void awaitStop(Stopping stopping) throws InterruptedException {
        try {
            stopping.done().get();
        } catch (ExecutionException e) {
            // BackendStop completes it normally, failures included
        } catch (InterruptedException e) {
            Optional<Thread> stopper = core.stopper();
            if (stopper.isPresent()) {
                LOG.error("service '{}': the stop is still running; interrupting it", config.name());
                stopper.get().interrupt();
                // the stop's thread kills STOP_CMD's processes; the daemon must not exit before it has
                HeldConnection.awaitUntil(stopping.done(), System.nanoTime() + KILL_WAIT.toNanos());
            }
            throw e;
        }
    }

    private void stopForShutdown(ServiceState seen, StopReason reason, String why) {
        Stopping stopping = new Stopping(new CompletableFuture<>());
        if (core.replace(seen, stopping)) {
            LOG.info("service '{}': {}; stopping the backend", config.name(), why);
            BackendStop.run(config, backend, core, stopping, events, reason, why);
        }
    }

    /** A snapshot of the state and the live connections, for {@code sleepingd status}. */
    public ServiceStatus status() {
        return core.status(config.name(), config.port(), config.idleTime());
    }

    /**
     * Every live connection, oldest first, with its bytes each way as its relay loop counted them, for
     * {@code sleepingd status -v}. A connection whose loop does not answer in time is listed without them.
     */
    public List<ServiceStatus.Connection> connections() {
        long now = System.nanoTime();
        List<ServiceCore.Live> live = core.liveConnections();
        List<CompletableFuture<ConnectionBytes>> counted = live.stream()
                .map(one -> one.relay().map(ActiveRelay::bytes)
                        .orElse(CompletableFuture.completedFuture(new ConnectionBytes(0, 0, Optional.empty()))))
                .toList();
        List<ServiceStatus.Connection> connections = new ArrayList<>();
        for (int i = 0; i < live.size(); i++) {
            ConnectionBytes bytes;
            try {
                bytes = counted.get(i).get(COUNT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | TimeoutException e) {
                bytes = new ConnectionBytes(0, 0, Optional.empty());
            }
            ServiceCore.Live one = live.get(i);
            connections.add(new ServiceStatus.Connection(HostPort.of(one.client()),
                    Duration.ofNanos(now - one.acceptedNanos()), one.relay().isEmpty(), bytes.toBackend(),
                    bytes.toClient(), bytes.sinceLastByte()));
        }
        return connections;
    }
}
