package io.sleepingd.acceptor;

import io.sleepingd.config.ServiceConfig;
import io.sleepingd.logging.RepeatingLog;
import io.sleepingd.lifecycle.SleepingService;
import io.sleepingd.relay.EventLoop;
import io.sleepingd.relay.RelayLoops;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * A service's listening sockets: one per {@code BIND} address, or one dual-stack socket for every
 * IPv4 and IPv6 address, each accepted from on one of the relay's event loops, every connection
 * handed, unread, to the service that owns the port. Binding happens in {@link #bind}, before anything
 * is started, so that a port that cannot be bound stops the daemon from starting at all.
 *
 * <p>{@link #serve} and {@link #close} may be called from any thread (the daemon's, a reload's); the
 * sockets are then accepted from on the loops' threads, which alone run the owner.
 */
public final class Listener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Listener.class);
    /** Connections are accepted at once and held during a wake, so this only covers accept bursts. */
    private static final int BACKLOG = 1024;

    private final ServiceConfig service;
    /** Changed by {@link #handOver}; read by the accepting loops for every connection. */
    private volatile Consumer<SocketChannel> owner;
    private final List<ServerSocketChannel> channels;
    /** Where each of {@link #channels} listens: a taken socket's channel does not know. */
    private final List<InetSocketAddress> addresses;
    /** Where the sockets taken from {@link #source} listen: given back on {@link #close}. */
    private final List<InetSocketAddress> taken;
    private final InheritedSockets source;
    /** Set by {@link #serve}: the loops that must let go of the sockets when they close. */
    private volatile RelayLoops loops;
    /** Out of descriptors, an accept fails ten times a second until some are free again. */
    private final RepeatingLog acceptFailures = new RepeatingLog(LOG, Level.WARN, Duration.ofSeconds(10));

    private Listener(ServiceConfig service, Consumer<SocketChannel> owner, List<ServerSocketChannel> channels,
            List<InetSocketAddress> addresses, List<InetSocketAddress> taken, InheritedSockets source) {
        this.service = service;
        this.owner = owner;
        this.channels = channels;
        this.addresses = addresses;
        this.taken = taken;
        this.source = source;
    }

    /**
     * Binds every address of the service, or none: a failure closes what was already bound. An address
     * {@code inherited} has a socket for is taken from there instead.
     */
    public static Listener bind(SleepingService service, InheritedSockets inherited) throws IOException {
        return bind(service.config(), service::admit, inherited);
    }

    /**
     * As {@link #bind(SleepingService, InheritedSockets)}, with the connections going to {@code owner},
     * which must not block: for the benchmarks, which relay without a service.
     */
    public static Listener bind(ServiceConfig service, Consumer<SocketChannel> owner) throws IOException {
        return bind(service, owner, InheritedSockets.NONE);
    }

    private static Listener bind(ServiceConfig service, Consumer<SocketChannel> owner, InheritedSockets inherited)
            throws IOException {
        List<InetSocketAddress> addresses = new ArrayList<>();
        if (service.bind().isEmpty()) {
            addresses.add(new InetSocketAddress(service.port())); // wildcard: dual-stack where IPv6 exists
        } else {
            for (InetAddress address : service.bind()) {
                addresses.add(new InetSocketAddress(address, service.port()));
            }
        }
        List<ServerSocketChannel> channels = new ArrayList<>();
        List<InetSocketAddress> bound = new ArrayList<>();
        List<InetSocketAddress> taken = new ArrayList<>();
        for (InetSocketAddress address : addresses) {
            try {
                Optional<ServerSocketChannel> given = inherited.take(address);
                if (given.isPresent()) {
                    channels.add(given.get());
                    bound.add(address);
                    taken.add(address);
                    continue;
                }
                ServerSocketChannel channel = ServerSocketChannel.open();
                channels.add(channel);
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                channel.bind(address, BACKLOG);
                bound.add((InetSocketAddress) channel.getLocalAddress()); // the port the kernel chose for PORT=0
            } catch (IOException e) {
                closeAll(channels);
                taken.forEach(inherited::release);
                throw new IOException("service '" + service.name() + "': cannot listen on " + describe(address) + ": "
                        + e.getMessage() + privilegeHint(address, e), e);
            }
        }
        return new Listener(service, owner, channels, List.copyOf(bound), List.copyOf(taken), inherited);
    }

    /** Starts accepting, each socket on the next of the loops, which then relay its connections too; once. */
    public synchronized void serve(RelayLoops loops) {
        if (this.loops != null) {
            return; // a second acceptor on the same socket would hand each connection over twice as often
        }
        this.loops = loops;
        for (ServerSocketChannel channel : channels) {
            for (EventLoop loop : loops.acceptingLoops()) {
                Acceptor.start(loop, channel, client -> owner.accept(client), failure -> acceptFailures.log("service '"
                        + service.name() + "': accept failed: " + failure.getMessage()
                        + "; the connection waits in the backlog, retrying every " + Acceptor.RETRY_PAUSE.toMillis()
                        + " ms"));
            }
        }
    }

    /**
     * From now on, connections go to {@code next}, a service that replaces this one's with the same
     * {@code PORT} and {@code BIND} (a reload): the sockets stay open, so no connection is refused
     * meanwhile, and those the kernel queued go to {@code next}.
     */
    public void handOver(SleepingService next) {
        owner = next::admit;
    }

    /** The addresses the sockets are bound to, with the port the kernel chose for {@code PORT=0} (tests). */
    public List<InetSocketAddress> addresses() {
        return addresses;
    }

    /** How many of the sockets were taken from {@link InheritedSockets} rather than bound here. */
    public int inherited() {
        return taken.size();
    }

    /**
     * Stops accepting and frees the ports at once (a loop lets go of a closed socket only at its next
     * select); connections already accepted are not affected.
     */
    @Override
    public void close() {
        closeAll(channels);
        taken.forEach(source::release);
        if (loops != null) {
            loops.release();
        }
    }

    private static void closeAll(List<ServerSocketChannel> channels) {
        for (ServerSocketChannel channel : channels) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.warn("closing a listening socket failed: {}", e.getMessage());
            }
        }
    }

    /** "Permission denied" alone does not say what to change for a port below 1024. */
    private static String privilegeHint(InetSocketAddress address, IOException e) {
        boolean denied = e instanceof BindException && String.valueOf(e.getMessage()).contains("Permission denied");
        return denied && address.getPort() < 1024
                ? " (a port below 1024 needs root or the capability CAP_NET_BIND_SERVICE: the systemd unit's"
                        + " AmbientCapabilities=CAP_NET_BIND_SERVICE, or sysctl net.ipv4.ip_unprivileged_port_start)"
                : "";
    }

    private static String describe(InetSocketAddress address) {
        return address.getAddress().isAnyLocalAddress() ? "port " + address.getPort()
                : address.getAddress().getHostAddress() + " port " + address.getPort();
    }
}
