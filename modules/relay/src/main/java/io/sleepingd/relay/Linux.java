package io.sleepingd.relay;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.nio.channels.SelectableChannel;
import java.util.Locale;
import java.util.Optional;

/**
 * The Linux system calls of the {@link RelayTransport#SPLICE splice transport}, through the Foreign
 * Function &amp; Memory API: the JDK has no {@code splice(2)}, and its selector and channels make
 * system calls per connection that a relay does not need (docs/benchmarks.md counts them). One
 * instance per {@link EpollLoop}, touched by its thread alone: it holds the segments the calls fill
 * ({@code errno}, a socket address, an option). The constants are those of Linux on x86-64 and
 * aarch64, the two systems the transport is offered on.
 *
 * <p>A call that would block answers {@link #AGAIN}; any other failure is an {@link IOException}
 * with the C library's text, of the JDK's kinds ({@link ConnectException} for a refused connect,
 * a {@link SocketException} saying "Connection reset" for a reset), so that the daemon treats both
 * transports' failures alike.
 */
final class Linux implements AutoCloseable {
    static final int EPOLLIN = 0x1;
    static final int EPOLLOUT = 0x4;
    static final int EPOLLERR = 0x8;
    static final int EPOLLHUP = 0x10;
    static final int EPOLLET = 1 << 31;
    static final int EPOLLEXCLUSIVE = 1 << 28;
    static final int SHUT_WR = 1;
    /** What a call that would block returns instead of a count. */
    static final long AGAIN = -2;

    private static final int EPOLL_CTL_ADD = 1;
    private static final int EPOLL_CTL_DEL = 2;
    private static final int EPOLL_CTL_MOD = 3;
    private static final int CLOEXEC = 0x80000; // O_CLOEXEC, EPOLL_CLOEXEC, SOCK_CLOEXEC, EFD_CLOEXEC
    private static final int NONBLOCK = 0x800; // O_NONBLOCK, SOCK_NONBLOCK, EFD_NONBLOCK
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int SOCK_STREAM = 1;
    private static final int SOL_SOCKET = 1;
    private static final int SO_ERROR = 4;
    private static final int SO_LINGER = 13;
    private static final int IPPROTO_TCP = 6;
    private static final int TCP_NODELAY = 1;
    private static final int F_SETFL = 4;
    private static final int F_SETPIPE_SZ = 1031;
    private static final int F_GETPIPE_SZ = 1032;
    static final int DEFAULT_PIPE_SIZE = 65536;
    private static final int SPLICE_F_MOVE = 1;
    private static final int SPLICE_F_NONBLOCK = 2;
    private static final int EAGAIN = 11;
    private static final int EINTR = 4;
    private static final int EINPROGRESS = 115;
    private static final int ECONNRESET = 104;
    private static final int EPIPE = 32;
    private static final int ECONNREFUSED = 111;
    private static final int ETIMEDOUT = 110;
    private static final int EHOSTUNREACH = 113;
    private static final int ENETUNREACH = 101;
    /** struct epoll_event is packed on x86-64 (4 + 8 bytes), padded to 16 elsewhere. */
    static final long EVENT_SIZE = isX86() ? 12 : 16;
    private static final long EVENT_DATA = isX86() ? 4 : 8;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MemoryLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    /** Why the transport cannot run on this JVM and system, if it cannot. */
    static final Optional<String> UNAVAILABLE = unavailability();

    private final Arena arena = Arena.ofShared();
    private final MemorySegment errno = arena.allocate(CAPTURE);
    private final MemorySegment option = arena.allocate(8);
    private final MemorySegment length = arena.allocate(JAVA_INT);
    private final MemorySegment address = arena.allocate(28); // sockaddr_in6, the larger
    private final MemorySegment pipeEnds = arena.allocate(8);
    private final MemorySegment event = arena.allocate(16, 8);

    /** Closes the segments; the loop that owned them has ended. */
    @Override
    public void close() {
        arena.close();
    }

    /** An event array for {@link #epollWait}. */
    MemorySegment events(int count) {
        return arena.allocate(EVENT_SIZE * count, 8);
    }

    static int eventFlags(MemorySegment events, int i) {
        return events.get(JAVA_INT_UNALIGNED, i * EVENT_SIZE);
    }

    static long eventData(MemorySegment events, int i) {
        return events.get(JAVA_LONG_UNALIGNED, i * EVENT_SIZE + EVENT_DATA);
    }

    int epollCreate() throws IOException {
        int fd;
        try {
            fd = (int) Calls.EPOLL_CREATE1.invokeExact(errno, CLOEXEC);
        } catch (Throwable e) {
            throw unexpected(e);
        }
        return (int) check("epoll_create1", fd);
    }

    /** Watches {@code fd} for {@code events}, reported with {@code data}. */
    void epollAdd(int epfd, int fd, int events, long data) throws IOException {
        epollCtl(EPOLL_CTL_ADD, epfd, fd, events, data);
    }

    void epollModify(int epfd, int fd, int events, long data) throws IOException {
        epollCtl(EPOLL_CTL_MOD, epfd, fd, events, data);
    }

    void epollDelete(int epfd, int fd) throws IOException {
        epollCtl(EPOLL_CTL_DEL, epfd, fd, 0, 0);
    }

    private void epollCtl(int op, int epfd, int fd, int events, long data) throws IOException {
        event.set(JAVA_INT_UNALIGNED, 0, events);
        event.set(JAVA_LONG_UNALIGNED, EVENT_DATA, data);
        int result;
        try {
            result = (int) Calls.EPOLL_CTL.invokeExact(errno, epfd, op, fd, event);
        } catch (Throwable e) {
            throw unexpected(e);
        }
        check("epoll_ctl", result);
    }

    /** Waits for events; 0 when interrupted by a signal. */
    int epollWait(int epfd, MemorySegment events, int max, int timeoutMillis) throws IOException {
        int n;
        try {
            n = (int) Calls.EPOLL_WAIT.invokeExact(errno, epfd, events, max, timeoutMillis);
        } catch (Throwable e) {
            throw unexpected(e);
        }
        if (n < 0 && errno() == EINTR) {
            return 0;
        }
        return (int) check("epoll_wait", n);
    }

    int eventFd() throws IOException {
        int fd;
        try {
            fd = (int) Calls.EVENTFD.invokeExact(errno, 0, CLOEXEC | NONBLOCK);
        } catch (Throwable e) {
            throw unexpected(e);
        }
        return (int) check("eventfd", fd);
    }

    /** Empties an eventfd (its counter back to 0); it is non-blocking, so an empty one is no failure. */
    void drainEventFd(int fd) {
        try {
            long ignored = (long) Calls.READ.invokeExact(errno, fd, option, 8L);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    /**
     * Adds 1 to an eventfd, from any thread: no errno is read (a full counter already wakes the
     * loop), so no thread's segment is needed; {@code one} holds the 8-byte 1.
     */
    static void signalEventFd(int fd, MemorySegment one) {
        try {
            long ignored = (long) Calls.WRITE_NO_ERRNO.invokeExact(fd, one, 8L);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    /**
     * A pipe, both ends non-blocking: its read end, its write end, and its size, {@code size} if the
     * system allows it. A user past its pipe allowance ({@code /proc/sys/fs/pipe-user-pages-soft})
     * gets a smaller pipe, not a failure: the flows splice less at a time through it.
     */
    int[] pipe(int size) throws IOException {
        int result;
        try {
            result = (int) Calls.PIPE2.invokeExact(errno, pipeEnds, CLOEXEC | NONBLOCK);
        } catch (Throwable e) {
            throw unexpected(e);
        }
        check("pipe2", result);
        int[] pipe = {pipeEnds.get(JAVA_INT, 0), pipeEnds.get(JAVA_INT, 4), DEFAULT_PIPE_SIZE};
        if (size != DEFAULT_PIPE_SIZE) {
            try {
                result = (int) Calls.FCNTL.invokeExact(errno, pipe[1], F_SETPIPE_SZ, size);
                if (result < 0) {
                    result = (int) Calls.FCNTL.invokeExact(errno, pipe[1], F_GETPIPE_SZ, 0);
                }
            } catch (Throwable e) {
                throw unexpected(e);
            }
            if (result > 0) {
                pipe[2] = result;
            }
        }
        return pipe;
    }

    /**
     * Moves up to {@code length} bytes from {@code in} to {@code out}, one of them a pipe: the count,
     * 0 at the end of input, or {@link #AGAIN}.
     */
    long splice(int in, int out, long length) throws IOException {
        long n;
        try {
            n = (long) Calls.SPLICE.invokeExact(errno, in, MemorySegment.NULL, out, MemorySegment.NULL, length,
                    SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
        } catch (Throwable e) {
            throw unexpected(e);
        }
        if (n >= 0) {
            return n;
        }
        if (errno() == EAGAIN) {
            return AGAIN;
        }
        throw failure("splice");
    }

    /** A non-blocking, close-on-exec TCP socket for {@code to}'s family. */
    int socket(InetSocketAddress to) throws IOException {
        int family = to.getAddress() instanceof Inet6Address ? AF_INET6 : AF_INET;
        int fd;
        try {
            fd = (int) Calls.SOCKET.invokeExact(errno, family, SOCK_STREAM | NONBLOCK | CLOEXEC, 0);
        } catch (Throwable e) {
            throw unexpected(e);
        }
        return (int) check("socket", fd);
    }

    /** Starts a connect: true when it completed at once, false when it is in progress. */
    boolean connect(int fd, InetSocketAddress to) throws IOException {
        byte[] ip = to.getAddress().getAddress();
        address.fill((byte) 0);
        int size;
        if (ip.length == 4) {
            address.set(JAVA_SHORT, 0, (short) AF_INET);
            MemorySegment.copy(ip, 0, address, JAVA_BYTE, 4, 4);
            size = 16;
        } else {
            address.set(JAVA_SHORT, 0, (short) AF_INET6);
            MemorySegment.copy(ip, 0, address, JAVA_BYTE, 8, 16);
            address.set(JAVA_INT, 24, ((Inet6Address) to.getAddress()).getScopeId());
            size = 28;
        }
        address.set(JAVA_BYTE, 2, (byte) (to.getPort() >> 8));
        address.set(JAVA_BYTE, 3, (byte) to.getPort());
        int result;
        try {
            result = (int) Calls.CONNECT.invokeExact(errno, fd, address, size);
        } catch (Throwable e) {
            throw unexpected(e);
        }
        if (result == 0) {
            return true;
        }
        if (errno() == EINPROGRESS) {
            return false;
        }
        throw failure("connect");
    }

    /** The error a connect in progress ended with ({@code SO_ERROR}); 0 for none. */
    int socketError(int fd) throws IOException {
        length.set(JAVA_INT, 0, 4);
        int result;
        try {
            result = (int) Calls.GETSOCKOPT.invokeExact(errno, fd, SOL_SOCKET, SO_ERROR, option, length);
        } catch (Throwable e) {
            throw unexpected(e);
        }
        check("getsockopt(SO_ERROR)", result);
        return option.get(JAVA_INT, 0);
    }

    /** The failure for an error number, as the JDK would report it. */
    IOException failure(String call, int error) {
        String text = strerror(error);
        return switch (error) {
            case ECONNREFUSED, ETIMEDOUT -> new ConnectException(text);
            case EHOSTUNREACH, ENETUNREACH -> new NoRouteToHostException(text);
            case ECONNRESET, EPIPE -> new SocketException("Connection reset (" + call + ": " + text + ")");
            default -> new SocketException(call + ": " + text);
        };
    }

    void noDelay(int fd) throws IOException {
        option.set(JAVA_INT, 0, 1);
        setOption(fd, IPPROTO_TCP, TCP_NODELAY, 4, "setsockopt(TCP_NODELAY)");
    }

    void nonBlocking(int fd) throws IOException {
        int result;
        try {
            result = (int) Calls.FCNTL.invokeExact(errno, fd, F_SETFL, NONBLOCK);
        } catch (Throwable e) {
            throw unexpected(e);
        }
        check("fcntl(O_NONBLOCK)", result);
    }

    /** Passes the end of input on: the peer reads end of stream after the last byte. */
    void shutdownOutput(int fd) throws IOException {
        int result;
        try {
            result = (int) Calls.SHUTDOWN.invokeExact(errno, fd, SHUT_WR);
        } catch (Throwable e) {
            throw unexpected(e);
        }
        check("shutdown", result);
    }

    /** Closes with a reset (SO_LINGER 0) rather than an orderly end; a failure only means it is gone already. */
    void reset(int fd) {
        option.set(JAVA_INT, 0, 1);
        option.set(JAVA_INT, 4, 0);
        try {
            setOption(fd, SOL_SOCKET, SO_LINGER, 8, "setsockopt(SO_LINGER)");
        } catch (IOException e) {
            // reset by the peer already: closing is all there is to do
        }
        close(fd);
    }

    private void setOption(int fd, int level, int name, int size, String call) throws IOException {
        int result;
        try {
            result = (int) Calls.SETSOCKOPT.invokeExact(errno, fd, level, name, option, size);
        } catch (Throwable e) {
            throw unexpected(e);
        }
        check(call, result);
    }

    void close(int fd) {
        try {
            int ignored = (int) Calls.CLOSE.invokeExact(errno, fd);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    /**
     * The descriptor of a JDK channel: for a socket the daemon accepted or connected with the JDK,
     * relayed here. The JDK exports no API for it; {@code sun.nio.ch.SelChImpl}, which every socket
     * channel implements, is opened to this module by the launcher's {@code --add-exports} alone,
     * and the runtime image pins the JDK it was compiled against.
     */
    static int descriptor(SelectableChannel channel) {
        return ((sun.nio.ch.SelChImpl) channel).getFDVal();
    }

    private int errno() {
        return (int) ERRNO.get(errno, 0L);
    }

    private long check(String call, long result) throws IOException {
        if (result < 0) {
            throw failure(call);
        }
        return result;
    }

    private IOException failure(String call) {
        return failure(call, errno());
    }

    private static String strerror(int error) {
        try {
            MemorySegment text = (MemorySegment) Calls.STRERROR.invokeExact(error);
            return text.reinterpret(Long.MAX_VALUE).getString(0);
        } catch (Throwable e) {
            return "error " + error;
        }
    }

    /** invokeExact declares Throwable; a downcall throws nothing but what the JVM does. */
    private static RuntimeException unexpected(Throwable e) {
        if (e instanceof RuntimeException runtime) {
            return runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
        return new IllegalStateException("a native call failed: " + e, e);
    }

    private static final ValueLayout.OfInt JAVA_INT_UNALIGNED = JAVA_INT.withByteAlignment(1);
    private static final ValueLayout.OfLong JAVA_LONG_UNALIGNED = JAVA_LONG.withByteAlignment(1);

    private static boolean isX86() {
        String arch = System.getProperty("os.arch");
        return arch.equals("amd64") || arch.equals("x86_64");
    }

    private static Optional<String> unavailability() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        if (!os.equals("linux") || !(isX86() || arch.equals("aarch64"))) {
            return Optional.of("it runs on Linux on x86-64 or aarch64 only, not " + os + " on " + arch);
        }
        Module relay = Linux.class.getModule();
        if (!SelectableChannel.class.getModule().isExported("sun.nio.ch", relay)) {
            return Optional.of("the JVM was started without --add-exports java.base/sun.nio.ch="
                    + (relay.isNamed() ? relay.getName() : "ALL-UNNAMED"));
        }
        if (!relay.isNativeAccessEnabled()) {
            return Optional.of("the JVM was started without --enable-native-access="
                    + (relay.isNamed() ? relay.getName() : "ALL-UNNAMED"));
        }
        try {
            Calls.SPLICE.type(); // links every call: a C library without one of them fails here
        } catch (LinkageError | IllegalStateException e) {
            return Optional.of("the C library lacks a call it makes: " + e.getMessage());
        }
        return Optional.empty();
    }

    /** The downcall handles, linked on first use: a daemon on the NIO transport never links them. */
    private static final class Calls {
        private static final Linker.Option ERRNO_OPTION = Linker.Option.captureCallState("errno");
        static final MethodHandle EPOLL_CREATE1 = bind("epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        static final MethodHandle EPOLL_CTL = bind("epoll_ctl",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
        static final MethodHandle EPOLL_WAIT = bindBlocking("epoll_wait",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        static final MethodHandle EVENTFD = bind("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
        static final MethodHandle READ = bind("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
        static final MethodHandle WRITE_NO_ERRNO = LINKER.downcallHandle(find("write"),
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
        static final MethodHandle PIPE2 = bind("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        static final MethodHandle SPLICE = bind("splice",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
        static final MethodHandle SOCKET = bind("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
        static final MethodHandle CONNECT = bind("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
        static final MethodHandle GETSOCKOPT = bind("getsockopt",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle SETSOCKOPT = bind("setsockopt",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
        static final MethodHandle FCNTL = bind("fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
                Linker.Option.firstVariadicArg(2));
        static final MethodHandle SHUTDOWN = bind("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
        static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        static final MethodHandle STRERROR = LINKER.downcallHandle(find("strerror"),
                FunctionDescriptor.of(ADDRESS, JAVA_INT));

        /**
         * A call that never blocks (every descriptor here is non-blocking): bound {@code critical},
         * which skips the JVM's thread-state change around it, a cost of its own on calls this short.
         */
        private static MethodHandle bind(String name, FunctionDescriptor descriptor, Linker.Option... options) {
            Linker.Option[] all = new Linker.Option[options.length + 2];
            all[0] = ERRNO_OPTION;
            all[1] = Linker.Option.critical(false);
            System.arraycopy(options, 0, all, 2, options.length);
            return LINKER.downcallHandle(find(name), descriptor, all);
        }

        /** epoll_wait sleeps: the JVM must see the thread as in native code meanwhile, so no critical. */
        private static MethodHandle bindBlocking(String name, FunctionDescriptor descriptor) {
            return LINKER.downcallHandle(find(name), descriptor, ERRNO_OPTION);
        }

        private static MemorySegment find(String name) {
            return LINKER.defaultLookup().find(name).orElseThrow(
                    () -> new IllegalStateException("the C library has no " + name));
        }
    }
}
