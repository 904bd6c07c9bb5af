package io.sleepingd.acceptor;

import io.sleepingd.config.ServiceConfig;
import io.sleepingd.logging.RepeatingLog;
import io.sleepingd.relay.Relay;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * A service's listening sockets: one per {@code BIND} address, or one dual-stack socket for every
 * IPv4 and IPv6 address. Binding happens in {@link #bind}, before anything is started, so that a port
 * that cannot be bound stops the daemon from starting at all.
 */
public final class Listener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Listener.class);
    /** Connections are accepted at once and held during a wake, so this only covers accept bursts. */
    private static final int BACKLOG = 1024;

    private final ServiceConfig service;
    private final List<ServerSocketChannel> channels;
    /** Out of descriptors, an accept fails ten times a second until some are free again. */
    private final RepeatingLog acceptFailures = new RepeatingLog(LOG, Level.WARN, Duration.ofSeconds(10));

    private Listener(ServiceConfig service, List<ServerSocketChannel> channels) {
        this.service = service;
        this.channels = channels;
    }

    /** Binds every address of the service, or none: a failure closes what was already bound. */
    public static Listener bind(ServiceConfig service) throws IOException {
        List<InetSocketAddress> addresses = new ArrayList<>();
        if (service.bind().isEmpty()) {
            addresses.add(new InetSocketAddress(service.port())); // wildcard: dual-stack where IPv6 exists
        } else {
            for (InetAddress address : service.bind()) {
                addresses.add(new InetSocketAddress(address, service.port()));
            }
        }
        List<ServerSocketChannel> channels = new ArrayList<>();
        for (InetSocketAddress address : addresses) {
            ServerSocketChannel channel = ServerSocketChannel.open();
            channels.add(channel);
            try {
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                channel.bind(address, BACKLOG);
            } catch (IOException e) {
                closeAll(channels);
                throw new IOException("service '" + service.name() + "': cannot listen on " + describe(address) + ": "
                        + e.getMessage(), e);
            }
        }
        return new Listener(service, channels);
    }

    /**
     * Starts accepting: each connection goes to {@code handler}, which must not block (it hands the
     * connection on), on the thread that will relay it or that accepts the next one.
     */
    public void start(Consumer<SocketChannel> handler) {
        for (ServerSocketChannel channel : channels) {
            Relay.accept(channel, handler, failure -> acceptFailures.log("service '" + service.name()
                    + "': accept failed: " + failure.getMessage() + "; the connection waits in the backlog, retrying every "
                    + Relay.ACCEPT_RETRY_PAUSE.toMillis() + " ms"));
        }
    }

    public List<InetSocketAddress> addresses() throws IOException {
        List<InetSocketAddress> bound = new ArrayList<>();
        for (ServerSocketChannel channel : channels) {
            bound.add((InetSocketAddress) channel.getLocalAddress());
        }
        return bound;
    }

    /** Stops accepting; connections already accepted are not affected. */
    @Override
    public void close() {
        closeAll(channels);
    }

    private static void closeAll(List<ServerSocketChannel> channels) {
        for (ServerSocketChannel channel : channels) {
            try {
                Relay.close(channel);
            } catch (IOException e) {
                LOG.warn("closing a listening socket failed: {}", e.getMessage());
            }
        }
    }

    private static String describe(InetSocketAddress address) {
        return address.getAddress().isAnyLocalAddress() ? "port " + address.getPort()
                : address.getAddress().getHostAddress() + " port " + address.getPort();
    }
}
