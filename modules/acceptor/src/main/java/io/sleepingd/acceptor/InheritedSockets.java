package io.sleepingd.acceptor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.Optional;

/**
 * Listening sockets the daemon was given rather than opened (systemd's socket activation): a
 * {@link Listener} takes the one bound to its address instead of binding, so the port stays open, and
 * connections queue, while the daemon restarts.
 */
@FunctionalInterface
public interface InheritedSockets {
    /** No sockets given: every listener binds its own. */
    InheritedSockets NONE = address -> Optional.empty();

    /**
     * A channel on the given socket bound to {@code address} (for a wildcard address: bound to the
     * wildcard address and that port), already listening; empty when there is none.
     */
    Optional<ServerSocketChannel> take(InetSocketAddress address) throws IOException;

    /** The listener that took the socket for {@code address} closed its channel: the socket is free again. */
    default void release(InetSocketAddress address) {
    }
}
