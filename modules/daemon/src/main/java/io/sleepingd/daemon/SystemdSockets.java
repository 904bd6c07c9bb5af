package io.sleepingd.daemon;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.sleepingd.acceptor.InheritedSockets;
import io.sleepingd.logging.HostPort;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The listening sockets systemd passes on to a socket-activated daemon ({@code sd_listen_fds}: the
 * descriptors from 3 on, counted by {@code LISTEN_FDS}, meant for the process {@code LISTEN_PID}),
 * each identified by the address it is bound to, so that the service with that {@code PORT} and
 * {@code BIND} takes it instead of binding.
 *
 * <p>The JDK cannot make a channel from a descriptor number ({@code System.inheritedChannel} is
 * for descriptor 0 only). So, through the Foreign Function &amp; Memory API ({@link CLibrary}): a channel of the same
 * family is opened and bound to an ephemeral loopback port, its descriptor found by that address,
 * and {@code dup2} puts the given socket in its place; the channel then accepts from systemd's
 * socket. The given descriptors stay open for the daemon's life, so a service that a reload removes
 * and adds back takes its socket again. They are close-on-exec: no command inherits a port.
 *
 * <p>Built once, on the main thread; {@link #take} may then be called from any thread.
 */
final class SystemdSockets implements InheritedSockets {
    private static final int FIRST = 3; // SD_LISTEN_FDS_START
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int SOL_SOCKET = 1;
    private static final int SO_TYPE = 3;
    private static final int SO_ACCEPTCONN = 30;
    private static final int SOCK_STREAM = 1;
    private static final int F_SETFD = 2;
    private static final int FD_CLOEXEC = 1;
    private static final int SOCKADDR_STORAGE = 128;

    /** Each listening socket by the address it is bound to, in systemd's order. */
    private final Map<InetSocketAddress, Integer> sockets;
    private final Set<InetSocketAddress> taken = ConcurrentHashMap.newKeySet();

    private SystemdSockets(Map<InetSocketAddress, Integer> sockets) {
        this.sockets = sockets;
    }

    /**
     * The sockets systemd passed to this very process, if it did; a descriptor that is not a
     * listening TCP socket is a problem of the socket unit, said in {@code problems}.
     */
    static SystemdSockets fromEnvironment(List<String> problems) {
        String pid = System.getenv("LISTEN_PID");
        String count = System.getenv("LISTEN_FDS");
        if (pid == null || count == null || !pid.equals(Long.toString(ProcessHandle.current().pid()))) {
            return new SystemdSockets(Map.of()); // not for us: systemd set them for a process that exec'd us
        }
        int n;
        try {
            n = Integer.parseInt(count);
        } catch (NumberFormatException e) {
            problems.add("LISTEN_FDS='" + count + "' from systemd is not a number; no socket taken from systemd");
            return new SystemdSockets(Map.of());
        }
        Map<InetSocketAddress, Integer> sockets = new LinkedHashMap<>();
        for (int fd = FIRST; fd < FIRST + n; fd++) {
            try {
                Native.closeOnExec(fd);
                InetSocketAddress address = Native.listeningTcpAddress(fd)
                        .orElseThrow(() -> new IOException("not a listening TCP socket"));
                sockets.put(address, fd);
            } catch (IOException e) {
                problems.add("descriptor " + fd + " from systemd (sleepingd.socket): " + e.getMessage()
                        + "; sleepingd takes ListenStream= sockets only, and leaves it alone");
            }
        }
        return new SystemdSockets(sockets);
    }

    /** The addresses systemd gave sockets for, in its order. */
    List<InetSocketAddress> addresses() {
        return List.copyOf(sockets.keySet());
    }

    /** The sockets no {@link #take} has asked for: listed in the socket unit, served by no service. */
    List<InetSocketAddress> unclaimed() {
        return sockets.keySet().stream().filter(address -> !taken.contains(address)).toList();
    }

    @Override
    public Optional<ServerSocketChannel> take(InetSocketAddress wanted) throws IOException {
        Optional<InetSocketAddress> match = sockets.keySet().stream().filter(given -> matches(given, wanted)).findFirst();
        if (match.isEmpty()) {
            return Optional.empty();
        }
        taken.add(match.get());
        return Optional.of(Native.channelOn(sockets.get(match.get()), match.get()));
    }

    @Override
    public void release(InetSocketAddress wanted) {
        taken.removeIf(given -> matches(given, wanted));
    }

    /** Exactly the address, or both a wildcard (0.0.0.0 or ::, which systemd binds dual-stack) on the same port. */
    private static boolean matches(InetSocketAddress given, InetSocketAddress wanted) {
        if (given.getPort() != wanted.getPort()) {
            return false;
        }
        return given.getAddress().isAnyLocalAddress() && wanted.getAddress().isAnyLocalAddress()
                || given.getAddress().equals(wanted.getAddress());
    }

    @Override
    public String toString() {
        return String.join(", ", sockets.keySet().stream().map(HostPort::of).toList());
    }

    /** The C library calls, bound on first use: a daemon not socket-activated never links them. */
    private static final class Native {
        static final MethodHandle GETSOCKNAME = CLibrary.bindWithErrno("getsockname",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle GETSOCKOPT = CLibrary.bindWithErrno("getsockopt",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle FCNTL = CLibrary.bindWithErrno("fcntl",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));
        static final MethodHandle DUP2 = CLibrary.bindWithErrno("dup2", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));

        static void closeOnExec(int fd) throws IOException {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment errno = CLibrary.errno(arena);
                if ((int) FCNTL.invokeExact(errno, fd, F_SETFD, FD_CLOEXEC) < 0) {
                    throw failure("fcntl", errno);
                }
            } catch (IOException e) {
                throw e;
            } catch (Throwable e) {
                throw new IOException("fcntl: " + e, e);
            }
        }

        /** The address a listening TCP socket is bound to; empty for any other descriptor. */
        static Optional<InetSocketAddress> listeningTcpAddress(int fd) throws IOException {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment errno = CLibrary.errno(arena);
                if (intOption(arena, errno, fd, SO_TYPE) != SOCK_STREAM || intOption(arena, errno, fd, SO_ACCEPTCONN) != 1) {
                    return Optional.empty();
                }
                return address(arena, errno, fd);
            } catch (IOException e) {
                throw e;
            } catch (Throwable e) {
                throw new IOException("getsockname: " + e, e);
            }
        }

        private static int intOption(Arena arena, MemorySegment errno, int fd, int option) throws Throwable {
            MemorySegment value = arena.allocate(JAVA_INT);
            MemorySegment length = arena.allocateFrom(JAVA_INT, 4);
            if ((int) GETSOCKOPT.invokeExact(errno, fd, SOL_SOCKET, option, value, length) < 0) {
                throw failure("getsockopt", errno);
            }
            return value.get(JAVA_INT, 0);
        }

        /** sockaddr_in or sockaddr_in6: the port in network order at 2, the address at 4 or 8. */
        private static Optional<InetSocketAddress> address(Arena arena, MemorySegment errno, int fd) throws Throwable {
            MemorySegment address = arena.allocate(SOCKADDR_STORAGE);
            MemorySegment length = arena.allocateFrom(JAVA_INT, SOCKADDR_STORAGE);
            if ((int) GETSOCKNAME.invokeExact(errno, fd, address, length) < 0) {
                throw failure("getsockname", errno);
            }
            int family = address.get(JAVA_SHORT, 0);
            int port = (Byte.toUnsignedInt(address.get(JAVA_BYTE, 2)) << 8) | Byte.toUnsignedInt(address.get(JAVA_BYTE, 3));
            byte[] bytes = switch (family) {
                case AF_INET -> address.asSlice(4, 4).toArray(JAVA_BYTE);
                case AF_INET6 -> address.asSlice(8, 16).toArray(JAVA_BYTE);
                default -> null;
            };
            return bytes == null ? Optional.empty()
                    : Optional.of(new InetSocketAddress(InetAddress.getByAddress(bytes), port));
        }

        /**
         * A channel of the daemon's own on the socket {@code fd}: a channel bound to a port of its own on
         * the loopback address, whose descriptor {@code dup2} then replaces with a copy of {@code fd}.
         * The loopback port is open only until then, and to this machine only.
         */
        static ServerSocketChannel channelOn(int fd, InetSocketAddress address) throws IOException {
            boolean v6 = address.getAddress() instanceof java.net.Inet6Address;
            ProtocolFamily family = v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
            ServerSocketChannel channel = ServerSocketChannel.open(family);
            try {
                channel.bind(new InetSocketAddress(InetAddress.getByName(v6 ? "::1" : "127.0.0.1"), 0), 1);
                int own = descriptorOf((InetSocketAddress) channel.getLocalAddress());
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment errno = CLibrary.errno(arena);
                    if ((int) DUP2.invokeExact(errno, fd, own) < 0) {
                        throw failure("dup2", errno);
                    }
                }
                return channel;
            } catch (Throwable e) {
                channel.close();
                throw e instanceof IOException io ? io
                        : new IOException("cannot take the socket on " + HostPort.of(address) + ": " + e, e);
            }
        }

        /**
         * The descriptor of the listening socket bound to {@code address}, among this process's. Other
         * threads may open and close descriptors meanwhile: one that is gone, or not a socket, is
         * skipped, and no other listening socket can be bound to the same ephemeral port.
         */
        private static int descriptorOf(InetSocketAddress address) throws IOException {
            List<Integer> candidates = new ArrayList<>();
            try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
                for (Path descriptor : descriptors) {
                    candidates.add(Integer.parseInt(descriptor.getFileName().toString()));
                }
            }
            for (int fd : candidates) {
                try {
                    if (listeningTcpAddress(fd).filter(address::equals).isPresent()) {
                        return fd;
                    }
                } catch (IOException notASocket) {
                    // a file, a pipe, or a descriptor closed since the listing
                }
            }
            throw new IOException("no descriptor of this process listens on " + HostPort.of(address)
                    + " (among " + Arrays.toString(candidates.toArray()) + ")");
        }

        private static IOException failure(String call, MemorySegment errno) throws Throwable {
            return new IOException(call + " failed: " + CLibrary.error(errno));
        }
    }
}
