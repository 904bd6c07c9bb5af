package io.sleepingd.lifecycle;

import java.util.Optional;

/**
 * A snapshot of one service for {@code sleepingd status}.
 *
 * @param state           asleep, waking, awake or stopping
 * @param backend         the backend's address while awake
 * @param liveConnections connections open or held right now
 * @param bytesRelayed    bytes relayed in both directions since the daemon started
 */
public record ServiceStatus(String name, int port, String state, Optional<String> backend, int liveConnections,
        long bytesRelayed) {
}
