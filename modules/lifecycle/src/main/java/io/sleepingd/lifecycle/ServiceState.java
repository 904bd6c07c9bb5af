package io.sleepingd.lifecycle;

import io.sleepingd.spi.Endpoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where a service is in its life. A new instance is made for every transition, so a thread that
 * saw one state can tell whether the service has moved on since (identity comparison).
 */
sealed interface ServiceState {

    /** The backend is (believed) down; the next connection wakes it. */
    record Asleep() implements ServiceState {
    }

    /**
     * One wake in progress, shared by every connection that arrives during it. The future
     * completes with the backend's address once CHECK/START answered; the backend may not accept
     * yet, which the waiting connections find out by connecting with retries.
     */
    record Waking(CompletableFuture<Endpoint> endpoint, long startedNanos) implements ServiceState {
    }

    /**
     * The backend is up at this address; new connections go straight there once it has accepted one.
     *
     * @param address  the endpoint as a socket address when its host is an IP literal, worked out once
     *                 here rather than per connection; empty for a host name, whose lookup could block
     * @param accepted whether it has accepted a connection: a backend that START_CMD started but that
     *                 never accepted within WAKE_TIMEOUT (or whose clients all gave up) is up as far as
     *                 the idle stop is concerned, which must put it back to sleep, but not for status
     */
    record Awake(Endpoint endpoint, Optional<InetSocketAddress> address, boolean accepted) implements ServiceState {
        /** It accepted a connection. */
        Awake(Endpoint endpoint) {
            this(endpoint, literal(endpoint), true);
        }

        /** Started, but it has not accepted a connection (yet). */
        static Awake unconfirmed(Endpoint endpoint) {
            return new Awake(endpoint, literal(endpoint), false);
        }

        private static Optional<InetSocketAddress> literal(Endpoint endpoint) {
            try {
                return Optional.of(new InetSocketAddress(InetAddress.ofLiteral(endpoint.host()), endpoint.port()));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    /** STOP_CMD is running; connections wait for it and then wake the service again. */
    record Stopping(CompletableFuture<Void> done) implements ServiceState {
    }

    static String describe(ServiceState state) {
        return switch (state) {
            case Asleep a -> "asleep";
            case Waking w -> "waking";
            case Awake a -> a.accepted() ? "awake" : "started, not accepting";
            case Stopping s -> "stopping";
        };
    }
}
