package io.sleepingd.spi;

import java.util.Map;
import java.util.Optional;

/**
 * One service's backend: the thing that sleeps. Implementations may block; the daemon calls them
 * from virtual threads (all but {@link #routes}, asked once when the service is built) and never
 * calls {@code check}/{@code start} concurrently for one service.
 */
public interface Backend {

    /** Asks whether the backend is already up; called before every wake. */
    CheckResult check(Trigger trigger) throws BackendException;

    /**
     * Starts the backend and returns where to connect; it need not accept connections yet.
     *
     * <p>A wake that fails after {@code start} was called (it threw, {@code WAKE_TIMEOUT} interrupted
     * it, or the daemon is stopping) is undone with {@link #stop} before the service is asleep again,
     * because the daemon cannot know what a failed start left running. A start that knows it failed
     * before starting (or creating) anything throws {@link NothingStartedException} instead, and no
     * stop follows.
     */
    Endpoint start(Trigger trigger) throws BackendException;

    /**
     * Where one connection to an awake service goes, for backends with several members (a pool):
     * called for every new connection, concurrently, and may start a member. Empty (the default)
     * sends every connection to the address the wake produced.
     */
    default Optional<Endpoint> route(Trigger trigger) throws BackendException {
        return Optional.empty();
    }

    /**
     * Whether {@link #route} chooses per connection; asked once, when the service is built, so it must
     * not change. Connections to a backend that does not route are connected and relayed straight
     * from the acceptor; the others are first handed to a thread of their own, since {@code route}
     * may block while it starts a member.
     */
    default boolean routes() {
        return false;
    }

    /**
     * Asked by the idle monitor every {@code IDLE_CHECK_INTERVAL} while the service has no connection
     * and no traffic; {@code false} keeps it awake and restarts the idle clock. Backends without a
     * probe of their own say yes.
     */
    default boolean isIdle() throws BackendException {
        return true;
    }

    /**
     * What the daemon asks in place of {@link #isIdle}: the same answer, and when busy, why. Override
     * it to tell the user why the backend stays awake; the default asks {@link #isIdle}.
     */
    default Idleness idleness() throws BackendException {
        return Idleness.of(isIdle());
    }

    /**
     * The settings this backend runs with, its defaults filled in, as {@code KEY} to value in the
     * configuration's syntax ({@code 60}, {@code yes}, {@code round-robin}), in the order to show them:
     * what {@code check-config} prints for the provider, so that no default is a guess. Empty (the
     * default) prints every value the service has, as written.
     */
    default Map<String, String> settingsInUse() {
        return Map.of();
    }

    /**
     * Puts the backend to sleep: stops (or removes) everything of it that runs, whoever started it. Also
     * called to undo a failed or abandoned wake (see {@link #start}), so it must be safe on a backend that
     * is stopped, or only partly started.
     */
    void stop() throws BackendException;
}
