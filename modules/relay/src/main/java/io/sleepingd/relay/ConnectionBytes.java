package io.sleepingd.relay;

import java.time.Duration;
import java.util.Optional;

/**
 * What one relayed connection has moved so far, for {@code sleepingd status -v}.
 *
 * @param toBackend     bytes the client sent
 * @param toClient      bytes the backend sent
 * @param sinceLastByte how long ago either side last sent a byte; empty when neither has yet
 */
public record ConnectionBytes(long toBackend, long toClient, Optional<Duration> sinceLastByte) {
}
