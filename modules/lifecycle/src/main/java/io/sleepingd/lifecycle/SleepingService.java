package io.sleepingd.lifecycle;

import io.sleepingd.config.ServiceConfig;
import io.sleepingd.lifecycle.ServiceState.Asleep;
import io.sleepingd.lifecycle.ServiceState.Awake;
import io.sleepingd.lifecycle.ServiceState.Stopping;
import io.sleepingd.lifecycle.ServiceState.Waking;
import io.sleepingd.relay.ActiveRelay;
import io.sleepingd.relay.Relay;
import io.sleepingd.relay.RelayAbortedException;
import io.sleepingd.relay.RelayLoops;
import io.sleepingd.relay.RelayOutcome;
import io.sleepingd.relay.RelayResult;
import io.sleepingd.spi.Backend;
import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.CheckResult;
import io.sleepingd.spi.Endpoint;
import io.sleepingd.spi.IdleProbe;
import io.sleepingd.spi.LocalResourceException;
import io.sleepingd.spi.Trigger;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * One service and its state machine. Every accepted connection is counted as live from accept to
 * close, held unread while the backend wakes, and relayed; the state and the live count change
 * under one lock, so the idle stop can never start while a connection is open or held.
 */
public final class SleepingService {
    private static final Logger LOG = LoggerFactory.getLogger(SleepingService.class);
    /** How long an interrupted command has to be killed, with everything it started. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private final ServiceConfig config;
    private final Backend backend;
    private final Optional<IdleProbe> idleProbe;
    private final RelayLoops loops;
    private final LongAdder traffic = new LongAdder();
    /** Every live connection and how to end it early: close its channel, or abort its relay. */
    private final Map<SocketChannel, Runnable> clients = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition noLiveConnections = lock.newCondition();
    // Guarded by lock:
    private ServiceState state = new Asleep();
    private int live;
    private long lastBusyNanos = System.nanoTime();
    private long trafficAtLastCheck;
    private Thread wakeThread;
    /** The idle monitor's thread while it runs STOP_CMD: a shutdown that cannot wait any longer interrupts it. */
    private Thread idleStopper;
    private boolean closing;
    private boolean graceOver;
    private final WakeBackoff backoff = new WakeBackoff();
    private volatile CompletableFuture<Void> predecessor = CompletableFuture.completedFuture(null);
    /** The last address a wake produced; used when CHECK_CMD says "up" without printing one. */
    private volatile Endpoint lastEndpoint;

    SleepingService(ServiceConfig config, Backend backend, Optional<IdleProbe> idleProbe, RelayLoops loops) {
        this.config = config;
        this.backend = backend;
        this.idleProbe = idleProbe;
        this.loops = loops;
    }

    public ServiceConfig config() {
        return config;
    }

    /**
     * Takes an accepted connection without blocking the caller (the acceptor). While the backend is
     * awake, the relay connects to it and relays on its own; otherwise the connection is held on a
     * virtual thread of its own while the backend wakes. Counted as live from here to its close.
     */
    public void admit(SocketChannel client) {
        Trigger trigger;
        try {
            trigger = new Trigger((InetSocketAddress) client.getRemoteAddress(),
                    (InetSocketAddress) client.getLocalAddress());
        } catch (IOException e) {
            LOG.info("service '{}': a connection closed before it could be served: {}", config.name(), e.getMessage());
            closeQuietly(client);
            return;
        }
        boolean routes = backend.routes(); // a provider's code: asked before the connection counts
        Awake awake = count(client);
        try {
            Optional<InetSocketAddress> address = awake == null || routes ? Optional.empty() : awake.address();
            if (address.isPresent()) {
                relayed(client, trigger, loops.connectAndStart(client, address.get(), traffic));
            } else {
                holdOnItsOwnThread(client, trigger);
            }
        } catch (RuntimeException bug) {
            uncount(client); // counted but never served, it would keep the backend awake for ever
            throw bug;
        }
    }

    /** Counts the connection as live; returns the awake state when the backend is awake and not closing. */
    private Awake count(SocketChannel client) {
        lock.lock();
        try {
            live++;
            clients.put(client, () -> Relay.reset(client));
            return !closing && state instanceof Awake a ? a : null;
        } finally {
            lock.unlock();
        }
    }

    /** Ends a connection's life here; a client that is still open was cut by the daemon, so it gets a reset. */
    private void uncount(SocketChannel client) {
        Relay.reset(client);
        lock.lock();
        try {
            clients.remove(client);
            live--;
            lastBusyNanos = System.nanoTime();
            if (live == 0) {
                noLiveConnections.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private void holdOnItsOwnThread(SocketChannel client, Trigger trigger) {
        Thread.ofVirtual().name("conn-" + config.name()).start(() -> hold(client, trigger));
    }

    /** Holds a connection while its backend wakes (or routes it), then hands it to the relay. */
    private void hold(SocketChannel client, Trigger trigger) {
        String from = hostOf(trigger.client());
        try {
            if (graceOver()) {
                reject(from, "the daemon is stopping and the grace period is over");
            } else {
                long deadline = System.nanoTime() + config.wakeTimeout().toNanos();
                SocketChannel backendChannel = connectBackend(trigger, deadline, from);
                if (backendChannel != null) {
                    relayed(client, trigger, loops.start(client, backendChannel, traffic));
                    return; // the relay's outcome uncounts it
                }
            }
        } catch (InterruptedException e) {
            LOG.warn("service '{}': closing connection from {}: interrupted", config.name(), from);
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("service '{}': closing connection from {}: internal error", config.name(), from, e);
        }
        uncount(client);
    }

    /** Follows a relayed connection to its end: logged, uncounted, or held for a wake if the backend refused. */
    private void relayed(SocketChannel client, Trigger trigger, ActiveRelay relay) {
        clients.replace(client, relay::abort); // before the outcome can remove it
        relay.outcome().thenAccept(outcome -> {
            switch (outcome) {
                case RelayOutcome.Ended ended -> {
                    logEnd(trigger, ended.result());
                    uncount(client);
                }
                case RelayOutcome.NotConnected refused -> {
                    if (rejectedForShortage(refused.failure(), hostOf(trigger.client()))) {
                        uncount(client);
                        return;
                    }
                    backendRefused(refused.failure());
                    clients.replace(client, () -> Relay.reset(client));
                    holdOnItsOwnThread(client, trigger);
                }
            }
        });
    }

    private void logEnd(Trigger trigger, RelayResult result) {
        IOException failure = result.failure();
        if (failure == null) {
            LOG.debug("service '{}': connection from {} done ({} bytes in, {} out)", config.name(),
                    hostOf(trigger.client()), result.clientToBackend(), result.backendToClient());
        } else if (!(failure instanceof RelayAbortedException)) { // the abort's reason is logged where it is made
            // A peer that resets its connection ended it, not us: worth a line only when debugging,
            // or a client that closes with a reset (many do) writes a log line per connection.
            LOG.atLevel(Relay.isReset(failure) ? Level.DEBUG : Level.INFO).log(
                    "service '{}': connection from {} ended with {} ({} bytes in, {} out)", config.name(),
                    hostOf(trigger.client()), failure.getMessage(), result.clientToBackend(),
                    result.backendToClient());
        }
    }

    /** The awake backend did not accept a connection: it is asleep after all, and the next connection wakes it. */
    private void backendRefused(IOException failure) {
        ServiceState seen = current();
        if (seen instanceof Awake awake && replace(seen, new Asleep())) {
            LOG.info("service '{}': backend {} did not accept ({}); waking it again", config.name(), awake.endpoint(),
                    failure.getMessage());
        }
    }

    /** Returns a connected backend channel, or {@code null} after logging why the client is closed. */
    private SocketChannel connectBackend(Trigger trigger, long deadline, String from) throws InterruptedException {
        while (true) {
            ServiceState seen = current();
            switch (seen) {
                case Awake awake -> {
                    Endpoint endpoint = route(trigger).orElse(awake.endpoint());
                    try {
                        return BackendConnector.connectOnce(endpoint, deadline);
                    } catch (AcceptedThenResetException e) {
                        return resetByBackend(from, e);
                    } catch (IOException e) {
                        if (rejectedForShortage(e, from)) {
                            return null;
                        }
                        // A member just started for this connection lands here too: the wake's
                        // readiness wait is the one place that waits for a backend to accept.
                        backendRefused(e);
                    }
                }
                case Asleep asleep -> {
                    long notBefore = backoff.nextWakeNotBefore();
                    if (notBefore - deadline > 0) {
                        return reject(from, "waking is paused for " + millisUntil(notBefore) + " ms after "
                                + backoff.failures() + " failed wakes");
                    }
                    if (notBefore - System.nanoTime() > 0) {
                        Thread.sleep(Duration.ofNanos(notBefore - System.nanoTime()));
                    } else if (!beginWake(asleep, trigger)) {
                        return reject(from, "the daemon is stopping");
                    }
                }
                case Stopping stopping -> {
                    if (!awaitUntil(stopping.done(), deadline)) {
                        return reject(from, "the backend was still stopping after WAKE_TIMEOUT ("
                                + config.wakeTimeout().toSeconds() + " s)");
                    }
                }
                case Waking waking -> {
                    return connectWhenWoken(waking, deadline, from);
                }
            }
        }
    }

    private SocketChannel connectWhenWoken(Waking waking, long deadline, String from) throws InterruptedException {
        Endpoint endpoint;
        try {
            endpoint = waking.endpoint().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            return reject(from, "the wake failed: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            return reject(from, "the backend did not start within WAKE_TIMEOUT (" + config.wakeTimeout().toSeconds()
                    + " s)");
        }
        try {
            SocketChannel channel = BackendConnector.connectWithRetries(endpoint, deadline);
            markAwake(waking, endpoint);
            return channel;
        } catch (AcceptedThenResetException e) {
            markAwake(waking, endpoint);
            return resetByBackend(from, e);
        } catch (IOException e) {
            if (rejectedForShortage(e, from)) {
                return null;
            }
            // START_CMD may have started something that is still booting: count it as awake, so that
            // the idle stop puts it back to sleep; the next connection that cannot reach it wakes it again.
            if (replace(waking, new Awake(endpoint))) {
                LOG.error("service '{}': backend {} did not accept within WAKE_TIMEOUT ({} s): {}{}", config.name(),
                        endpoint, config.wakeTimeout().toSeconds(), e.getMessage(), backoff.failed());
                markBusy();
            }
            return reject(from, "the backend never accepted");
        }
    }

    /** A pool's choice for this connection; a failure to choose is logged and falls back to the wake's address. */
    private Optional<Endpoint> route(Trigger trigger) {
        try {
            return backend.route(trigger);
        } catch (BackendException e) {
            LOG.warn("service '{}': routing failed ({}); using the address of the wake", config.name(), e.getMessage());
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.error("service '{}': routing failed; using the address of the wake", config.name(), e);
            return Optional.empty();
        }
    }

    private boolean graceOver() {
        lock.lock();
        try {
            return graceOver;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Out of descriptors (or processes, or memory) here is not the backend's fault: the connection is
     * closed with a line saying so, and the service's state stays. Whether {@code failure} was that.
     */
    private boolean rejectedForShortage(IOException failure, String from) {
        Optional<String> shortage = LocalResourceException.shortageIn(failure);
        shortage.ifPresent(what -> reject(from, shortageReason(what)));
        return shortage.isPresent();
    }

    private static String shortageReason(String shortage) {
        return "the daemon is short of resources (" + shortage + "); the service's state is kept";
    }

    /** The backend ended the connection as it accepted it: the client gets the reset (see uncount). */
    private SocketChannel resetByBackend(String from, AcceptedThenResetException e) {
        LOG.debug("service '{}': connection from {} ended: {}", config.name(), from, e.getMessage());
        return null;
    }

    private SocketChannel reject(String from, String reason) {
        LOG.warn("service '{}': closing connection from {}: {}", config.name(), from, reason);
        return null;
    }

    /** Starts the one wake for everybody, unless another thread already did; false when closing. */
    private boolean beginWake(Asleep seen, Trigger trigger) {
        lock.lock();
        try {
            if (closing) {
                return false;
            }
            if (state == seen) {
                Waking waking = new Waking(new CompletableFuture<>(), System.nanoTime());
                state = waking;
                wakeThread = Thread.ofVirtual().name("wake-" + config.name()).start(() -> wake(waking, trigger));
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void wake(Waking waking, Trigger trigger) {
        AtomicBoolean timedOut = new AtomicBoolean();
        Thread watchdog = startWatchdog(waking, Thread.currentThread(), timedOut);
        try {
            awaitPredecessor();
            Optional<Endpoint> running = switch (backend.check(trigger)) {
                case CheckResult.Running r -> r.endpoint().or(() -> Optional.ofNullable(lastEndpoint));
                case CheckResult.NotRunning n -> Optional.empty();
            };
            if (running.isPresent()) {
                LOG.info("service '{}': backend already running at {}", config.name(), running.get());
            } else {
                LOG.info("service '{}': waking the backend for {}", config.name(), hostOf(trigger.client()));
            }
            Endpoint endpoint = running.isPresent() ? running.get() : backend.start(trigger);
            lastEndpoint = endpoint;
            LOG.info("service '{}': backend at {} after {} ms; waiting for it to accept", config.name(), endpoint,
                    millisSince(waking.startedNanos()));
            waking.endpoint().complete(endpoint);
        } catch (LocalResourceException e) {
            // Not the backend's failure: no back-off, and the next connection tries again.
            LOG.error("service '{}': cannot wake the backend now: {}", config.name(), shortageReason(e.getMessage()));
            replace(waking, new Asleep());
            waking.endpoint().completeExceptionally(e);
        } catch (BackendException e) {
            failWake(waking, e, timedOut.get() ? "WAKE_TIMEOUT (" + config.wakeTimeout().toSeconds()
                    + " s) passed: " + e.getMessage() : e.getMessage());
        } catch (RuntimeException | Error e) {
            // A provider's bug must not leave the wake's waiters hanging.
            LOG.error("service '{}': the provider failed during a wake", config.name(), e);
            failWake(waking, e, e.toString());
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
            predecessor.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while the service it replaces was still stopping", e);
        } catch (ExecutionException e) {
            // the predecessor's stop failed; it has logged why, and its backend counts as asleep
        }
    }

    /** Makes this service's first wake wait until {@code stopped}: the service it replaces has stopped. */
    public void replaces(CompletableFuture<Void> stopped) {
        predecessor = stopped;
    }

    /**
     * CHECK_CMD and START_CMD together get WAKE_TIMEOUT: a command that hangs (with no timeout of its
     * own) would otherwise hold every later connection hostage. Interrupting the wake kills the
     * command's process tree, the wake fails and backs off, and the next connection tries again.
     */
    private Thread startWatchdog(Waking waking, Thread wake, AtomicBoolean timedOut) {
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

    private void failWake(Waking waking, Throwable cause, String reason) {
        LOG.error("service '{}': wake failed after {} ms: {}{}", config.name(), millisSince(waking.startedNanos()),
                reason, backoff.failed());
        replace(waking, new Asleep());
        waking.endpoint().completeExceptionally(cause);
    }

    private void markAwake(Waking waking, Endpoint endpoint) {
        lock.lock();
        try {
            boolean current = state == waking || (state instanceof Awake a && a.endpoint().equals(endpoint));
            if (current) {
                state = new Awake(endpoint);
                backoff.succeeded();
                lastBusyNanos = System.nanoTime();
                trafficAtLastCheck = traffic.sum();
                LOG.info("service '{}': awake: backend {} accepted {} ms after the wake began", config.name(),
                        endpoint, millisSince(waking.startedNanos()));
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Called every {@code IDLE_CHECK_INTERVAL}: stops the backend once the service has had no live
     * connection and no traffic for {@code IDLE_TIME} and the backend's own idle probe agrees.
     */
    public void checkIdle() {
        Awake awake;
        boolean due;
        lock.lock();
        try {
            if (state instanceof Waking w && w.endpoint().isDone() && !w.endpoint().isCompletedExceptionally()
                    && live == 0) {
                // The wake's clients all gave up, yet START_CMD started the backend: it must sleep again.
                state = new Awake(w.endpoint().join());
                lastBusyNanos = System.nanoTime();
            }
            if (closing || !(state instanceof Awake a)) {
                return;
            }
            long now = System.nanoTime();
            long bytes = traffic.sum();
            if (live > 0 || bytes != trafficAtLastCheck) {
                lastBusyNanos = now;
                trafficAtLastCheck = bytes;
                return;
            }
            awake = a;
            due = now - lastBusyNanos >= config.idleTime().toNanos();
        } finally {
            lock.unlock();
        }
        if (!probeSaysIdle()) {
            markBusy();
            return;
        }
        if (!due) {
            return;
        }
        Stopping stopping;
        lock.lock();
        try {
            if (closing || state != awake || live > 0 || traffic.sum() != trafficAtLastCheck
                    || System.nanoTime() - lastBusyNanos < config.idleTime().toNanos()) {
                return; // a connection came and went while the probe ran
            }
            stopping = new Stopping(new CompletableFuture<>());
            state = stopping;
            idleStopper = Thread.currentThread();
        } finally {
            lock.unlock();
        }
        LOG.info("service '{}': idle for {} s; stopping the backend", config.name(), config.idleTime().toSeconds());
        try {
            stopBackend(stopping);
        } finally {
            lock.lock();
            try {
                idleStopper = null;
            } finally {
                lock.unlock();
            }
        }
    }

    private void markBusy() {
        lock.lock();
        try {
            lastBusyNanos = System.nanoTime();
        } finally {
            lock.unlock();
        }
    }

    private boolean probeSaysIdle() {
        try {
            return backend.isIdle() && (idleProbe.isEmpty() || idleProbe.get().isIdle());
        } catch (BackendException e) {
            LOG.warn("service '{}': idle probe failed ({}); counting the service as busy", config.name(),
                    e.getMessage());
            return false;
        } catch (RuntimeException e) {
            LOG.error("service '{}': idle probe failed; counting the service as busy", config.name(), e);
            return false;
        }
    }

    private void stopBackend(Stopping stopping) {
        long started = System.nanoTime();
        try {
            backend.stop();
            LOG.info("service '{}': backend stopped in {} ms", config.name(), millisSince(started));
        } catch (BackendException e) {
            LOG.error("service '{}': stop failed after {} ms: {}; counting the service as asleep", config.name(),
                    millisSince(started), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("service '{}': stop failed after {} ms; counting the service as asleep", config.name(),
                    millisSince(started), e);
        } finally {
            replace(stopping, new Asleep());
            stopping.done().complete(null);
        }
    }

    /**
     * Stops the service for a daemon shutdown: live connections may finish until the deadline,
     * then are closed (each with a log line); a wake still running is interrupted, and a backend
     * that is (or may be) up is stopped.
     */
    public void shutdown(long deadlineNanos) throws InterruptedException {
        Thread wake;
        List<Map.Entry<SocketChannel, Runnable>> remaining;
        lock.lock();
        try {
            closing = true;
            long left;
            while (live > 0 && (left = deadlineNanos - System.nanoTime()) > 0) {
                noLiveConnections.awaitNanos(left);
            }
            graceOver = true;
            remaining = List.copyOf(clients.entrySet());
            wake = wakeThread;
        } finally {
            lock.unlock();
        }
        for (Map.Entry<SocketChannel, Runnable> client : remaining) {
            LOG.warn("service '{}': closing connection from {}: the daemon is stopping and the grace period is over",
                    config.name(), peerOf(client.getKey()));
            client.getValue().run();
        }
        boolean wasWaking = current() instanceof Waking;
        if (current() instanceof Waking waking && !waking.endpoint().isDone() && wake != null) {
            LOG.warn("service '{}': the daemon is stopping; interrupting the wake", config.name());
            wake.interrupt();
            awaitUntil(waking.endpoint(), System.nanoTime() + KILL_WAIT.toNanos());
        }
        ServiceState last = current();
        switch (last) {
            case Asleep a -> {
                if (wasWaking) {
                    stopForShutdown(last); // the interrupted START_CMD may have started something
                }
            }
            case Stopping stopping -> awaitIdleStop(stopping);
            case Awake a -> stopForShutdown(last);
            case Waking w -> stopForShutdown(last);
        }
    }

    /**
     * Waits for an idle stop that was running when the shutdown began; interrupted (the shutdown's time
     * is up), it interrupts the stop, which kills STOP_CMD and everything it started.
     */
    private void awaitIdleStop(Stopping stopping) throws InterruptedException {
        try {
            stopping.done().get();
        } catch (ExecutionException e) {
            // stopBackend completes it normally, failures included
        } catch (InterruptedException e) {
            Thread stopper;
            lock.lock();
            try {
                stopper = idleStopper;
            } finally {
                lock.unlock();
            }
            if (stopper != null) {
                LOG.error("service '{}': the idle stop is still running; interrupting it", config.name());
                stopper.interrupt();
                // the stop's thread kills STOP_CMD's processes; the daemon must not exit before it has
                awaitUntil(stopping.done(), System.nanoTime() + KILL_WAIT.toNanos());
            }
            throw e;
        }
    }

    private void stopForShutdown(ServiceState seen) {
        Stopping stopping = new Stopping(new CompletableFuture<>());
        if (replace(seen, stopping)) {
            LOG.info("service '{}': daemon stopping; stopping the backend", config.name());
            stopBackend(stopping);
        }
    }

    public ServiceStatus status() {
        lock.lock();
        try {
            Optional<String> at = state instanceof Awake a ? Optional.of(a.endpoint().toString()) : Optional.empty();
            return new ServiceStatus(config.name(), config.port(), ServiceState.describe(state), at, live,
                    traffic.sum());
        } finally {
            lock.unlock();
        }
    }

    private ServiceState current() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    /** Moves from {@code expected} to {@code next}, unless another thread moved the service first. */
    private boolean replace(ServiceState expected, ServiceState next) {
        lock.lock();
        try {
            if (state != expected) {
                return false;
            }
            state = next;
            return true;
        } finally {
            lock.unlock();
        }
    }

    private static boolean awaitUntil(CompletableFuture<?> future, long deadlineNanos) throws InterruptedException {
        try {
            future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (ExecutionException e) {
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    private static long millisUntil(long nanos) {
        return Duration.ofNanos(nanos - System.nanoTime()).toMillis();
    }

    private static long millisSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }

    private static String peerOf(SocketChannel channel) {
        try {
            return hostOf((InetSocketAddress) channel.getRemoteAddress());
        } catch (IOException e) {
            return "(closed)";
        }
    }

    private static String hostOf(InetSocketAddress address) {
        return address == null ? "(unknown)" : address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing a client channel failed: {}", e.getMessage());
        }
    }
}
