package io.sleepingd.spi;

import java.net.InetSocketAddress;

/**
 * The connection that caused a wake: commands see it in their environment (so a script can pick a
 * backend per client), never on their command line.
 *
 * @param client the client's address
 * @param local  the daemon's address the client connected to
 */
public record Trigger(InetSocketAddress client, InetSocketAddress local) {
}
