package io.sleepingd.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot of one service, for {@code sleepingd status}, the admin endpoint's {@code /status} and
 * its metrics: all of them read the same snapshot, so they never disagree.
 *
 * @param state       asleep, waking, awake, stopping, or "started, not accepting" (awake, for the
 *                    idle stop, but it never accepted a connection)
 * @param since       when the service entered that state
 * @param backends    while awake, the backend's address, then every other pool member a connection
 *                    was routed to since the wake
 * @param relayed     connections being relayed now
 * @param held        connections held while the backend wakes
 * @param lastWake    how the last wake ended
 * @param lastError   the last failure (a wake, a stop), and when
 * @param backoff     how long until the next wake may start, after failed wakes
 * @param awake       while awake, why it stays so ("kept awake: 2 live connections from ...") or
 *                    when it sleeps ("stops in 4 min 10 s unless a connection arrives")
 * @param lastStop    why the backend was last stopped, and when
 * @param counts      the service's counters since the daemon started
 */
public record ServiceStatus(String name, int port, String state, Instant since, List<String> backends, int relayed,
        int held, Optional<LastWake> lastWake, Optional<LastError> lastError, Optional<Duration> backoff,
        Optional<String> awake, Optional<String> lastStop, ServiceCounters.Counts counts) {

    /** The state as a metric's label: asleep, waking, awake or stopping. */
    public String stateLabel() {
        return state.startsWith("started") ? "awake" : state;
    }

    /** How a wake ended: when it began, how long it took, its outcome and why. */
    public record LastWake(Instant at, Duration took, WakeOutcome outcome, String reason) {
    }

    /** What failed last, and when. */
    public record LastError(Instant at, String message) {
    }

    /**
     * One live connection, for {@code status -v}.
     *
     * @param client    the client's address, host:port
     * @param age       how long since it was accepted
     * @param held      whether it is held while the backend wakes (no byte relayed yet)
     * @param toBackend bytes the client sent through the relay
     * @param toClient  bytes the backend sent back
     * @param sinceLastByte how long since either side sent a byte; empty before the first
     */
    public record Connection(String client, Duration age, boolean held, long toBackend, long toClient,
            Optional<Duration> sinceLastByte) {
    }
}
