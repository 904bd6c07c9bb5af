package io.sleepingd.lifecycle;

import io.sleepingd.lifecycle.ServiceState.Asleep;
import io.sleepingd.lifecycle.ServiceState.Awake;
import io.sleepingd.lifecycle.ServiceState.Stopping;
import io.sleepingd.lifecycle.ServiceState.Waking;
import io.sleepingd.relay.ActiveRelay;
import io.sleepingd.relay.Relay;
import io.sleepingd.relay.Traffic;
import io.sleepingd.logging.DurationText;
import io.sleepingd.logging.HostPort;
import io.sleepingd.spi.Endpoint;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

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
 * way. The wake ({@link Wake}), the held connections ({@link HeldConnection}), the idle stop and the
 * start-up's CHECK ({@link SleepingService}) and the undoing of a failed wake ({@link BackendStop})
 * run on threads of their own and change the service only through these methods. The one exception to "guarded by
 * lock" is {@code counters}, which guards itself (the relay's loops add to its traffic); this class
 * calls it under its own lock, never the other way.
 */
final class ServiceCore {
    private static final int NAMED_CLIENTS = 3;
    private static final String LIVE_CONNECTIONS = "live connections from ";
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition noLiveConnections = lock.newCondition();
    private final ServiceCounters counters;
    private final Traffic traffic;
    private final WakeBackoff backoff = new WakeBackoff();
    private ServiceState state = new Asleep();
    /** When the service entered {@code state}. */
    private Instant since = Instant.now();
    /** Every live connection: who, since when, and how to end it early. */
    private final Map<SocketChannel, Live> clients = new HashMap<>();
    /** While awake: the other pool members connections were routed to since the wake. */
    private final Set<String> members = new LinkedHashSet<>();
    private Optional<ServiceStatus.LastWake> lastWake = Optional.empty();
    private Optional<ServiceStatus.LastError> lastError = Optional.empty();
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

    ServiceCore(ServiceCounters counters) {
        this.counters = counters;
        this.traffic = counters.traffic();
    }

    /**
     * A live connection: the client's address, when it was accepted, and how to end it early (reset
     * its channel, or abort its relay); {@code relay} once it is relayed, empty while it is held.
     */
    record Live(InetSocketAddress client, long acceptedNanos, boolean keepsAwake, Runnable end,
            Optional<ActiveRelay> relay) {
    }

    /** Under the lock: the one way the state changes, so that "since" and the time up are always right. */
    private void moveTo(ServiceState next) {
        boolean wasUp = !(state instanceof Asleep);
        boolean isUp = !(next instanceof Asleep);
        state = next;
        since = Instant.now();
        if (wasUp != isUp) {
            counters.backendUp(isUp);
        }
        if (!(next instanceof Awake)) {
            members.clear();
        }
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
            moveTo(next);
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

    /**
     * Counts a new connection as live, to be reset if the daemon ends it early, unless the service was
     * replaced; one that does not {@code keepsAwake} (from outside KEEP_AWAKE_FROM) is live, but no
     * activity for the idle check.
     */
    Admission count(SocketChannel client, InetSocketAddress from, boolean keepsAwake) {
        lock.lock();
        try {
            if (replaced) {
                return new Admission.Replaced();
            }
            clients.put(client, new Live(from, System.nanoTime(), keepsAwake, () -> Relay.reset(client), Optional.empty()));
            counters.connectionAccepted();
            return new Admission.Counted(!closing && state instanceof Awake a ? Optional.of(a) : Optional.empty());
        } finally {
            lock.unlock();
        }
    }

    /** The connection is relayed by {@code relay}, which is how it is ended early from now on. */
    void relayedBy(SocketChannel client, ActiveRelay relay) {
        update(client, live -> new Live(live.client(), live.acceptedNanos(), live.keepsAwake(), relay::abort,
                Optional.of(relay)));
    }

    /** The connection is held again (its backend refused it): ended early by a reset, as when it arrived. */
    void heldAgain(SocketChannel client) {
        update(client, live -> new Live(live.client(), live.acceptedNanos(), live.keepsAwake(),
                () -> Relay.reset(client), Optional.empty()));
    }

    private void update(SocketChannel client, UnaryOperator<Live> change) {
        ServiceCore movedTo;
        lock.lock();
        try {
            movedTo = clients.computeIfPresent(client, (c, live) -> change.apply(live)) == null ? heir : null;
        } finally {
            lock.unlock();
        }
        if (movedTo != null) {
            movedTo.update(client, change); // handed over with the backend: the heir counts it now
        }
    }

    /** A connection's life here is over; still open, the daemon cut it, so it gets a reset. */
    void uncount(SocketChannel client) {
        Relay.reset(client);
        forget(client);
    }

    /** A connection the daemon closed itself, in order (a native answer): its life here is over. */
    void closed(SocketChannel client) {
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
                moveTo(waking);
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
                    moveTo(new Awake(endpoint));
                    became = true;
                    wakeEnded(WakeOutcome.SUCCESS, Duration.ofNanos(System.nanoTime() - waking.startedNanos()),
                            "the backend " + endpoint + " accepted");
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

    /**
     * Records how a wake ended, {@code took} after it began: for status, metrics, and, when it failed,
     * as the last error.
     */
    void wakeEnded(WakeOutcome outcome, Duration took, String reason) {
        locked(() -> {
            Instant now = Instant.now();
            lastWake = Optional.of(new ServiceStatus.LastWake(now.minus(took), took, outcome, reason));
            if (outcome != WakeOutcome.SUCCESS) {
                lastError = Optional.of(new ServiceStatus.LastError(now, "wake failed: " + reason));
            }
            counters.wakeEnded(outcome, took);
        });
    }

    /** Records a failure that is not a wake's (a stop), for status. */
    void recordError(String message) {
        locked(() -> lastError = Optional.of(new ServiceStatus.LastError(Instant.now(), message)));
    }

    /** A connection was routed to this pool member, for status. */
    void routedTo(Endpoint member) {
        locked(() -> {
            if (state instanceof Awake) {
                members.add(member.toString());
            }
        });
    }

    /** Under the lock: "2 live connections from 192.0.2.7:51234, 192.0.2.8:40000" (those that keep it awake). */
    private String describeLiveConnections() {
        long count = keepingAwake().count();
        return count + (count == 1 ? " live connection from " : " live connections from ") + clientsNamed(HostPort::of);
    }

    /** Under the lock: the live connections that count as activity (KEEP_AWAKE_FROM). */
    private Stream<Live> keepingAwake() {
        return clients.values().stream().filter(Live::keepsAwake);
    }

    /** Under the lock: whether a live connection keeps the backend awake. */
    private boolean anyKeepsAwake() {
        return clients.values().stream().anyMatch(Live::keepsAwake);
    }

    /** Under the lock: the live connections' clients as {@code name} writes them, each once, at most three. */
    private String clientsNamed(Function<InetSocketAddress, String> name) {
        List<String> named = new ArrayList<>();
        for (Live live : keepingAwake().toList()) {
            String one = name.apply(live.client());
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

    /** Why the backend was stopped, for status and metrics. */
    void recordStop(StopReason reason, String why) {
        locked(() -> {
            lastStop = why + " (" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ")";
            counters.stopped(reason);
        });
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
                moveTo(stopping);
                stopper = undo.apply(stopping);
            } else {
                moveTo(new Asleep());
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
                moveTo(new Asleep());
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
                moveTo(Awake.unconfirmed(w.endpoint().join()));
                lastBusyNanos = System.nanoTime();
            }
            if (closing || !(state instanceof Awake || state instanceof Asleep && owesStop)) {
                return new IdleCheck.NotIdle();
            }
            long now = System.nanoTime();
            long bytes = traffic.sum();
            if (anyKeepsAwake() || bytes != trafficAtLastCheck) {
                lastBusyNanos = now;
                trafficAtLastCheck = bytes;
                // the clients' hosts, not their ports or count: a busy service logs a change, not every connection
                return keptAwakeBy(!anyKeepsAwake() ? "traffic since the last check" : LIVE_CONNECTIONS
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
            if (closing || state != seen || anyKeepsAwake() || traffic.sum() != trafficAtLastCheck
                    || System.nanoTime() - lastBusyNanos < idleTime.toNanos()) {
                return Optional.empty();
            }
            return Optional.of(stoppingOnThisThread());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes a backend found running while the service was {@code seen} asleep (ON_START_IF_RUNNING=adopt)
     * as awake at {@code endpoint}, not yet confirmed to accept, with the idle clock starting now. False
     * when something moved the service first (a connection's wake, which finds it running itself).
     */
    boolean adoptRunning(Asleep seen, Endpoint endpoint) {
        lock.lock();
        try {
            if (closing || replaced || state != seen) {
                return false;
            }
            moveTo(Awake.unconfirmed(endpoint));
            lastEndpoint = endpoint;
            lastBusyNanos = System.nanoTime();
            trafficAtLastCheck = traffic.sum();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A backend found running while the service was {@code seen} asleep, with no address to adopt it
     * at: the service stays asleep but owes it a stop, which the idle check makes after IDLE_TIME from
     * now unless a connection wakes it first. False when something moved the service first.
     */
    boolean owesStopOfFound(Asleep seen) {
        lock.lock();
        try {
            if (closing || replaced || state != seen) {
                return false;
            }
            owesStop = true;
            lastBusyNanos = System.nanoTime();
            trafficAtLastCheck = traffic.sum();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Begins stopping a backend found running while the service was {@code seen} asleep
     * (ON_START_IF_RUNNING=stop) on the calling thread, the one a shutdown interrupts; empty when
     * something moved the service first.
     */
    Optional<Stopping> beginStopOfFound(Asleep seen) {
        lock.lock();
        try {
            if (closing || replaced || state != seen) {
                return Optional.empty();
            }
            return Optional.of(stoppingOnThisThread());
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: the service is stopping, on the calling thread, which a shutdown interrupts. */
    private Stopping stoppingOnThisThread() {
        Stopping stopping = new Stopping(new CompletableFuture<>());
        moveTo(stopping);
        stopper = Thread.currentThread();
        return stopping;
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
            moveTo(new Asleep());
            owesStop = false;
            clients.clear();
            noLiveConnections.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void adopt(Awake awake, boolean stopOwed, Endpoint endpoint, Map<SocketChannel, Live> live) {
        locked(() -> {
            moveTo(awake);
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
            Map<SocketChannel, Runnable> remaining = new HashMap<>();
            clients.forEach((client, live) -> remaining.put(client, live.end()));
            return new Closed(remaining, Optional.ofNullable(wakeThread));
        } finally {
            lock.unlock();
        }
    }

    ServiceStatus status(String name, int port, Duration idleTime) {
        lock.lock();
        try {
            List<String> backends = new ArrayList<>();
            if (state instanceof Awake a) {
                backends.add(a.endpoint().toString());
                members.stream().filter(member -> !backends.contains(member)).forEach(backends::add);
            }
            Optional<String> awake = Optional.empty();
            if (state instanceof Awake && !closing) {
                if (anyKeepsAwake()) {
                    awake = Optional.of("kept awake: " + describeLiveConnections());
                } else if (!keptAwake.isEmpty() && !keptAwake.startsWith(LIVE_CONNECTIONS)) {
                    // traffic, or the probe: true until the next check; connections that ended are not
                    awake = Optional.of("kept awake: " + keptAwake);
                } else if (!idleTime.isZero()) {
                    long left = Math.max(0, idleTime.toNanos() - (System.nanoTime() - lastBusyNanos));
                    awake = Optional.of("stops in " + DurationText.of(Duration.ofNanos(left))
                            + " unless a connection arrives");
                }
            }
            int relayed = (int) clients.values().stream().filter(live -> live.relay().isPresent()).count();
            long pause = backoff.nextWakeNotBefore() - System.nanoTime();
            return new ServiceStatus(name, port, ServiceState.describe(state), since, backends, relayed,
                    clients.size() - relayed, lastWake, lastError,
                    pause > 0 ? Optional.of(Duration.ofNanos(pause)) : Optional.empty(), awake,
                    lastStop.isEmpty() ? Optional.empty() : Optional.of(lastStop), counters.counts());
        } finally {
            lock.unlock();
        }
    }

    /**
     * The live connections that do not keep the backend awake, and how to end each: an idle stop
     * closes them, since nothing they send could wake the backend it is stopping.
     */
    Map<InetSocketAddress, Runnable> passiveConnections() {
        return locked(() -> {
            Map<InetSocketAddress, Runnable> passive = new HashMap<>();
            clients.values().stream().filter(live -> !live.keepsAwake()).forEach(live -> passive.put(live.client(),
                    live.end()));
            return passive;
        });
    }

    /** The live connections, oldest first, for {@code status -v}. */
    List<Live> liveConnections() {
        return locked(() -> clients.values().stream().sorted(Comparator.comparingLong(Live::acceptedNanos)).toList());
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
