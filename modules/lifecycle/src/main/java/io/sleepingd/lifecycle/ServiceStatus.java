package io.sleepingd.lifecycle;

import java.util.Optional;

/**
 * A snapshot of one service for {@code sleepingd status}.
 *
 * @param state           asleep, waking, awake or stopping
 * @param backend         the backend's address while awake
 * @param liveConnections connections open or held right now
 * @param bytesRelayed    bytes relayed in both directions since the daemon started
 * @param awake           while awake, why it stays so ("kept awake: 2 live connections from ...") or
 *                        when it sleeps ("stops in 4 min 10 s unless a connection arrives")
 * @param lastStop        why the backend was last stopped, and when
 */
public record ServiceStatus(String name, int port, String state, Optional<String> backend, int liveConnections,
        long bytesRelayed, Optional<String> awake, Optional<String> lastStop) {
}
