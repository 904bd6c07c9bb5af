package io.sleepingd.daemon;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Tells systemd how the daemon is doing (the {@code sd_notify} protocol): a {@code Type=notify}
 * unit counts as started once the daemon says {@code READY=1}, after every port listens. The
 * message is one datagram on the Unix socket named by {@code NOTIFY_SOCKET}; the JDK's channels
 * have no Unix datagram sockets, so this calls {@code socket} and {@code sendto} through the
 * Foreign Function &amp; Memory API ({@link CLibrary}; the launcher's {@code --enable-native-access}
 * allows it).
 */
final class SystemdNotifier {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM_CLOEXEC = 2 | 0x80000;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int SUN_PATH_SIZE = 108;
    private final String socket;

    SystemdNotifier(String socket) {
        this.socket = socket;
    }

    /** The notifier systemd asked for, if it did: only a Type=notify unit sets NOTIFY_SOCKET. */
    static Optional<SystemdNotifier> fromEnvironment() {
        String socket = System.getenv("NOTIFY_SOCKET");
        return socket == null || socket.isEmpty() ? Optional.empty() : Optional.of(new SystemdNotifier(socket));
    }

    /** Sends one state message, such as {@code READY=1}; the exception names the socket and the error. */
    void send(String state) throws IOException {
        byte[] path = socket.getBytes(StandardCharsets.UTF_8);
        boolean abstractName = path[0] == '@'; // Linux's abstract namespace: a leading NUL, no terminator
        if (path.length >= SUN_PATH_SIZE) {
            throw new IOException("NOTIFY_SOCKET '" + socket + "' is longer than a Unix socket path can be");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment address = arena.allocate(2 + SUN_PATH_SIZE);
            address.set(JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(MemorySegment.ofArray(path), 0, address, 2, path.length);
            if (abstractName) {
                address.set(JAVA_BYTE, 2, (byte) 0);
            }
            int addressLength = 2 + path.length + (abstractName ? 0 : 1);
            MemorySegment message = arena.allocateFrom(state, StandardCharsets.UTF_8); // NUL-terminated
            long messageLength = message.byteSize() - 1;
            MemorySegment errno = CLibrary.errno(arena);

            int fd = (int) Native.SOCKET.invokeExact(errno, AF_UNIX, SOCK_DGRAM_CLOEXEC, 0);
            if (fd < 0) {
                throw failure("socket", errno);
            }
            try {
                long sent = (long) Native.SENDTO.invokeExact(errno, fd, message, messageLength, MSG_NOSIGNAL,
                        address, addressLength);
                if (sent < 0) {
                    throw failure("sendto", errno);
                }
            } finally {
                int ignored = (int) Native.CLOSE.invokeExact(fd);
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("cannot notify systemd on " + socket + ": " + e, e);
        }
    }

    private IOException failure(String call, MemorySegment errno) throws Throwable {
        return new IOException("cannot notify systemd on " + socket + ": " + call + " failed: " + CLibrary.error(errno));
    }

    /** The C library calls, bound on first use: a daemon not run by systemd never links them. */
    private static final class Native {
        static final MethodHandle SOCKET = CLibrary.bindWithErrno("socket",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
        static final MethodHandle SENDTO = CLibrary.bindWithErrno("sendto",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
        static final MethodHandle CLOSE = CLibrary.bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }
}
