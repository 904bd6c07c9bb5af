package io.sleepingd.relay;

import java.io.IOException;

/**
 * How a relayed connection ended.
 *
 * @param clientToBackend bytes the client sent
 * @param backendToClient bytes the backend sent
 * @param failure         the first I/O error, or {@code null} when both sides ended normally
 */
public record RelayResult(long clientToBackend, long backendToClient, IOException failure) {
}
