package io.sleepingd.lifecycle;

import io.sleepingd.lifecycle.ServiceState.Asleep;
import io.sleepingd.lifecycle.ServiceState.Awake;
import io.sleepingd.lifecycle.ServiceState.Stopping;
import io.sleepingd.lifecycle.ServiceState.Waking;
import io.sleepingd.relay.Relay;
import io.sleepingd.logging.HostPort;
import io.sleepingd.spi.Endpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Everything about a service that changes, and the one lock that guards it: its state, its live
 * connections (open or held) and how to end each, the idle clock, the wake back-off, and whether the
 * daemon is closing. The state and the live count change together, so the idle stop can never begin
 * while a connection is open or held.
 *
 * <p>Concurrency: every field is guarded by {@code lock}, and every method takes it for a short
 * critical section that never blocks on anything else (no provider, no socket, no log line; starting
 * the wake's thread does not block). Only {@link #close} and {@link #awaitNoLiveConnections} wait, on
 * the lock's condition, for the last live connection to end. A reload's {@link #handOver} takes the
 * heir's lock inside this one's: cores are locked in the order reloads made them, never the other
 * way. The wake
 * ({@link Wake}), the held connections ({@link HeldConnection}), the idle stop ({@link SleepingService})
 * and the undoing of a failed wake ({@link BackendStop}) run on threads of their own and change the service only through these methods. The one exception to
 * "guarded by lock" is {@code traffic}, a counter the relay's loops add to and this class only reads.
 */
final class ServiceCore {
    private static final int NAMED_CLIENTS = 3;
    private static final String LIVE_CONNECTIONS = "live connections from ";
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition noLiveConnections = lock.newCondition();
    private final LongAdder traffic;
    private final WakeBackoff backoff = new WakeBackoff();
    private ServiceState state = new Asleep();
    /** Every live connection and how to end it early: reset its channel, or abort its relay. */
    private final Map<SocketChannel, Runnable> clients = new HashMap<>();
    private long lastBusyNanos = System.nanoTime();
    private long trafficAtLastCheck;
    private Thread wakeThread;
    /**
     * The thread of the stop in progress (an idle stop, or the undoing of a failed wake): a shutdown
     * that cannot wait any longer interrupts it.
     */
    private Thread stopper;
    /**
     * Whether a START ran (and may have started something) since the last stop: a failed wake, and a
     * shutdown that finds the service asleep, must then stop the backend.
     */
    private boolean owesStop;
    /** Why the last idle check kept the backend awake; empty once a check found it quiet. */
    private String keptAwake = "";
    /** Why, and when, the backend was last stopped. */
    private String lastStop = "";
    /** A reload replaced the service: see {@link #markReplaced}. */
    private boolean replaced;
    /** Where this service's live connections went with its backend ({@link #handOver}): their ends are passed on. */
    private ServiceCore heir;
    private boolean closing;
    /** Why it is closing, for log lines: the daemon stops, or a reload took the service out. */
    private String closingReason = "";
    private boolean graceOver;
    /** The last address a wake produced; used when CHECK_CMD says "up" without printing one. */
    private Endpoint lastEndpoint;
    /** Completes once the service this one replaces has stopped: the first wake waits for it. */
    private CompletableFuture<Void> predecessor = CompletableFuture.completedFuture(null);

    ServiceCore(LongAdder traffic) {
        this.traffic = traffic;
    }

    ServiceState state() {
        return locked(() -> state);
    }

    /** Moves from {@code expected} to {@code next}, unless another thread moved the service first. */
    boolean replace(ServiceState expected, ServiceState next) {
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

    /** What {@link #count} decided for a new connection. */
    sealed interface Admission {
        /** A reload replaced the service ({@link #markReplaced}): the connection is its successor's, not counted here. */
        record Replaced() implements Admission {
        }

        /** Counted as live; {@code awake} when the backend is awake and the daemon is not closing. */
        record Counted(Optional<Awake> awake) implements Admission {
        }
    }

    /** Counts a new connection as live, to be reset if the daemon ends it early, unless the service was replaced. */
    Admission count(SocketChannel client) {
        lock.lock();
        try {
            if (replaced) {
                return new Admission.Replaced();
            }
            clients.put(client, () -> Relay.reset(client));
            return new Admission.Counted(!closing && state instanceof Awake a ? Optional.of(a) : Optional.empty());
        } finally {
            lock.unlock();
        }
    }

    /** How a live connection is ended early from now on: once relayed, by aborting its relay. */
    void endWith(SocketChannel client, Runnable end) {
        ServiceCore movedTo;
        lock.lock();
        try {
            movedTo = clients.replace(client, end) == null ? heir : null;
        } finally {
            lock.unlock();
        }
        if (movedTo != null) {
            movedTo.endWith(client, end); // handed over with the backend: the heir counts it now
        }
    }

    /** A connection's life here is over; still open, the daemon cut it, so it gets a reset. */
    void uncount(SocketChannel client) {
        Relay.reset(client);
        forget(client);
    }

    private void forget(SocketChannel client) {
        ServiceCore movedTo = null;
        lock.lock();
        try {
            if (clients.remove(client) == null) {
                movedTo = heir;
            } else {
                lastBusyNanos = System.nanoTime();
                if (clients.isEmpty()) {
                    noLiveConnections.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
        if (movedTo != null) {
            movedTo.forget(client);
        }
    }

    /** What is closing the service, once {@link #close} began: for the lines of connections it turns away. */
    String closingReason() {
        return locked(() -> closingReason);
    }

    boolean graceOver() {
        return locked(() -> graceOver);
    }

    /**
     * Starts the one wake for everybody, unless another thread already did; returns the state it leaves:
     * the wake (this one, or another thread's) or whatever the service has moved on to; empty when
     * closing. The caller gets the wake itself, so that it learns that wake's outcome even when the wake
     * has ended before it looks again (a START that fails at once would otherwise be run again for it).
     */
    Optional<ServiceState> beginWake(Asleep seen, Function<Waking, Thread> wake) {
        lock.lock();
        try {
            if (closing || replaced) {
                return Optional.empty();
            }
            if (state == seen) {
                Waking waking = new Waking(new CompletableFuture<>(), System.nanoTime());
                state = waking;
                wakeThread = wake.apply(waking);
            }
            return Optional.of(state);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The backend accepted a connection after {@code waking}: the service is awake, and the back-off
     * resets. Returns whether this call made it awake (the first connection of the wake to get through).
     */
    boolean markAwake(Waking waking, Endpoint endpoint) {
        lock.lock();
        try {
            boolean current = state == waking || (state instanceof Awake a && a.endpoint().equals(endpoint));
            boolean became = false;
            if (current) {
                if (!(state instanceof Awake a && a.accepted())) {
                    // only then: a new but equal Awake would make a concurrent replace(seen, ...) fail
                    state = new Awake(endpoint);
                    became = true;
                }
                backoff.succeeded();
                lastBusyNanos = System.nanoTime();
                trafficAtLastCheck = traffic.sum();
            }
            return became;
        } finally {
            lock.unlock();
        }
    }

    /** Restarts the idle clock: something says the backend is in use, namely {@code why}. */
    IdleCheck.Busy markBusy(String why) {
        lock.lock();
        try {
            lastBusyNanos = System.nanoTime();
            return keptAwakeBy(why);
        } finally {
            lock.unlock();
        }
    }

    /** Restarts the idle clock: something says the backend is in use. */
    void markBusy() {
        locked(() -> lastBusyNanos = System.nanoTime());
    }

    /** Under the lock: records why the idle check keeps the backend awake. */
    private IdleCheck.Busy keptAwakeBy(String why) {
        boolean changed = !why.equals(keptAwake);
        keptAwake = why;
        return new IdleCheck.Busy(why, changed);
    }

    /** Under the lock: "2 live connections from 192.0.2.7:51234, 192.0.2.8:40000". */
    private String liveConnections() {
        return clients.size() + (clients.size() == 1 ? " live connection from " : " live connections from ")
                + clientsNamed(HostPort::of);
    }

    /** Under the lock: the live connections' clients as {@code name} writes them, each once, at most three. */
    private String clientsNamed(Function<InetSocketAddress, String> name) {
        List<String> named = new ArrayList<>();
        for (SocketChannel client : clients.keySet()) {
            String one;
            try {
                one = name.apply((InetSocketAddress) client.getRemoteAddress());
            } catch (IOException | RuntimeException e) {
                continue; // closed meanwhile
            }
            if (named.size() == NAMED_CLIENTS) {
                named.add("...");
                break;
            }
            if (!named.contains(one)) {
                named.add(one);
            }
        }
        return String.join(", ", named);
    }

    /** Why the backend was stopped, for status. */
    void recordStop(String why) {
        locked(() -> lastStop = why + " (" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ")");
    }

    void replaces(CompletableFuture<Void> stopped) {
        locked(() -> predecessor = stopped);
    }

    CompletableFuture<Void> predecessor() {
        return locked(() -> predecessor);
    }

    Endpoint lastEndpoint() {
        return locked(() -> lastEndpoint);
    }

    void lastEndpoint(Endpoint endpoint) {
        locked(() -> lastEndpoint = endpoint);
    }

    /**
     * The wake got the backend's address; {@code started} when START gave it (rather than CHECK), so the
     * daemon owes the backend a stop from now on.
     */
    void woken(Endpoint endpoint, boolean started) {
        locked(() -> {
            lastEndpoint = endpoint;
            owesStop |= started;
        });
    }

    /**
     * Ends a failed wake, unless another thread (a shutdown that could not wait) took the service over:
     * when START may have started something ({@code mayHaveStarted}), or an earlier START's backend was
     * never stopped, the service is {@code stopping} on the thread {@code undo} starts, otherwise asleep.
     * Returns whether this call ended the wake.
     */
    boolean endFailedWake(Waking waking, boolean mayHaveStarted, Function<Stopping, Thread> undo) {
        lock.lock();
        try {
            if (state != waking) {
                return false;
            }
            owesStop |= mayHaveStarted;
            if (owesStop) {
                Stopping stopping = new Stopping(new CompletableFuture<>());
                state = stopping;
                stopper = undo.apply(stopping);
            } else {
                state = new Asleep();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** A stop ran (whether it succeeded or not, the backend counts as asleep): nothing is owed any more. */
    void stopped(Stopping stopping) {
        lock.lock();
        try {
            owesStop = false;
            if (state == stopping) {
                state = new Asleep();
            }
        } finally {
            lock.unlock();
        }
    }

    boolean owesStop() {
        return locked(() -> owesStop);
    }

    /** When the next wake may start (now, when no wake failed since the last success). */
    long nextWakeNotBefore() {
        return locked(backoff::nextWakeNotBefore);
    }

    int failedWakes() {
        return locked(backoff::failures);
    }

    /** Records a failed wake; returns the text its log line ends with. */
    String wakeFailed() {
        return locked(backoff::failed);
    }

    /** What the idle check found, under the lock. */
    sealed interface IdleCheck {
        /** Not awake, or closing: nothing to do. */
        record NotIdle() implements IdleCheck {
        }

        /** Busy since the last check, because of {@code why}; {@code changed} when the last check said otherwise. */
        record Busy(String why, boolean changed) implements IdleCheck {
        }

        /**
         * Quiet since the last check; {@code due} when quiet for the whole idle time. {@code seen} is
         * awake, or asleep owing a stop: a backend that was started but refused connections.
         */
        record Quiet(ServiceState seen, boolean due) implements IdleCheck {
        }
    }

    /**
     * One idle check's look at the service: a wake whose clients all gave up but whose backend came
     * up counts as awake (it must sleep again), and so does a backend that was started and then
     * refused connections (asleep, owing a stop: whatever START started must not run for ever); live
     * connections or traffic since the last check restart the idle clock.
     */
    IdleCheck checkIdle(Duration idleTime) {
        lock.lock();
        try {
            if (state instanceof Waking w && w.endpoint().isDone() && !w.endpoint().isCompletedExceptionally()
                    && clients.isEmpty()) {
                state = Awake.unconfirmed(w.endpoint().join());
                lastBusyNanos = System.nanoTime();
            }
            if (closing || !(state instanceof Awake || state instanceof Asleep && owesStop)) {
                return new IdleCheck.NotIdle();
            }
            long now = System.nanoTime();
            long bytes = traffic.sum();
            if (!clients.isEmpty() || bytes != trafficAtLastCheck) {
                lastBusyNanos = now;
                trafficAtLastCheck = bytes;
                // the clients' hosts, not their ports or count: a busy service logs a change, not every connection
                return keptAwakeBy(clients.isEmpty() ? "traffic since the last check" : LIVE_CONNECTIONS
                        + clientsNamed(address -> address.getAddress().getHostAddress()));
            }
            keptAwake = "";
            return new IdleCheck.Quiet(state, now - lastBusyNanos >= idleTime.toNanos());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Begins the idle stop on the calling thread, unless a connection came and went (or traffic moved)
     * since {@code seen} was seen idle: the service is then {@code stopping}, and this thread is the
     * one a shutdown interrupts. Empty when the stop must not begin.
     */
    Optional<Stopping> beginIdleStop(ServiceState seen, Duration idleTime) {
        lock.lock();
        try {
            if (closing || state != seen || !clients.isEmpty() || traffic.sum() != trafficAtLastCheck
                    || System.nanoTime() - lastBusyNanos < idleTime.toNanos()) {
                return Optional.empty();
            }
            Stopping stopping = new Stopping(new CompletableFuture<>());
            state = stopping;
            stopper = Thread.currentThread();
            return Optional.of(stopping);
        } finally {
            lock.unlock();
        }
    }

    /** The calling thread's stop has ended: a shutdown must no longer interrupt it. */
    void stopEnded() {
        locked(() -> {
            if (stopper == Thread.currentThread()) {
                stopper = null;
            }
        });
    }

    Optional<Thread> stopper() {
        return locked(() -> Optional.ofNullable(stopper));
    }

    /**
     * A reload replaced the service: new connections are the successor's ({@link Admission.Replaced}),
     * and no new wake begins; the connections live here go on.
     */
    void markReplaced(String why) {
        locked(() -> {
            replaced = true;
            closingReason = why;
        });
    }

    /**
     * When awake, hands the backend over to {@code heir}, the core of the service a reload made with the
     * new settings, in one step that no idle stop or wake can come between: {@code heir} is awake at
     * the same address, owes the backend's stop, and counts this service's live connections from now
     * on (their ends reach it through this core); this one is replaced, asleep and owes nothing.
     *
     * @return whether it was awake and handed over; otherwise nothing changed
     */
    boolean handOver(ServiceCore heir, String why) {
        lock.lock();
        try {
            if (closing || replaced || !(state instanceof Awake awake)) {
                return false;
            }
            heir.adopt(awake, owesStop, lastEndpoint, clients); // locks in creation order: old, then new
            this.heir = heir;
            replaced = true;
            closing = true;
            closingReason = why;
            state = new Asleep();
            owesStop = false;
            clients.clear();
            noLiveConnections.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void adopt(Awake awake, boolean stopOwed, Endpoint endpoint, Map<SocketChannel, Runnable> live) {
        locked(() -> {
            state = awake;
            owesStop = stopOwed;
            lastEndpoint = endpoint;
            clients.putAll(live);
            lastBusyNanos = System.nanoTime();
        });
    }

    /** Waits, for as long as it takes, until no connection is live. */
    void awaitNoLiveConnections() throws InterruptedException {
        lock.lock();
        try {
            while (!clients.isEmpty()) {
                noLiveConnections.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /** What a shutdown finds once the grace period is over. */
    record Closed(Map<SocketChannel, Runnable> remaining, Optional<Thread> wake) {
    }

    /**
     * Closes the service to new work and waits, until {@code deadlineNanos}, for its live connections
     * to end; returns those that did not, with how to end each, and the wake's thread.
     */
    Closed close(long deadlineNanos, String why) throws InterruptedException {
        lock.lock();
        try {
            closing = true;
            closingReason = why;
            long left;
            while (!clients.isEmpty() && (left = deadlineNanos - System.nanoTime()) > 0) {
                noLiveConnections.awaitNanos(left);
            }
            graceOver = true;
            return new Closed(Map.copyOf(clients), Optional.ofNullable(wakeThread));
        } finally {
            lock.unlock();
        }
    }

    ServiceStatus status(String name, int port, Duration idleTime) {
        lock.lock();
        try {
            Optional<String> at = state instanceof Awake a ? Optional.of(a.endpoint().toString()) : Optional.empty();
            Optional<String> awake = Optional.empty();
            if (state instanceof Awake && !closing) {
                if (!clients.isEmpty()) {
                    awake = Optional.of("kept awake: " + liveConnections());
                } else if (!keptAwake.isEmpty() && !keptAwake.startsWith(LIVE_CONNECTIONS)) {
                    // traffic, or the probe: true until the next check; connections that ended are not
                    awake = Optional.of("kept awake: " + keptAwake);
                } else if (!idleTime.isZero()) {
                    long left = Math.max(0, idleTime.toNanos() - (System.nanoTime() - lastBusyNanos));
                    awake = Optional.of("stops in " + LogText.duration(Duration.ofNanos(left))
                            + " unless a connection arrives");
                }
            }
            return new ServiceStatus(name, port, ServiceState.describe(state), at, clients.size(), traffic.sum(), awake,
                    lastStop.isEmpty() ? Optional.empty() : Optional.of(lastStop));
        } finally {
            lock.unlock();
        }
    }

    private <T> T locked(Supplier<T> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }

    private void locked(Runnable change) {
        lock.lock();
        try {
            change.run();
        } finally {
            lock.unlock();
        }
    }
}
