package io.sleepingd.spi;

import java.util.Optional;

/**
 * One service's backend: the thing that sleeps. Implementations may block; the daemon calls them
 * from virtual threads (all but {@link #routes}, asked once when the service is built) and never
 * calls {@code check}/{@code start} concurrently for one service.
 */
public interface Backend {

    /** Asks whether the backend is already up; called before every wake. */
    CheckResult check(Trigger trigger) throws BackendException;

    /** Starts the backend and returns where to connect; it need not accept connections yet. */
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

    /** Puts the backend to sleep. */
    void stop() throws BackendException;
}
