package io.sleepingd.benchmarks.soak;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Gives a listening socket SO_LINGER 0, which Linux copies to every connection it accepts from the
 * moment the connection exists. A backend killed at any instant then resets every connection it has
 * (a reset is what a killed server's peers see whenever data is in flight), never ends one with a
 * clean FIN that a relay would rightly pass on as an end of stream. Setting the option after
 * {@code accept} would leave a window in which a kill closes cleanly. Java offers no SO_LINGER on a
 * listening socket, so this finds its descriptor in /proc and calls setsockopt(2) (needs
 * {@code --enable-native-access=ALL-UNNAMED}).
 */
final class ResetOnExit {
    private static final int SOL_SOCKET = 1;
    private static final int SO_LINGER = 13;
    private static final String LISTEN = "0A";

    private ResetOnExit() {
    }

    /** For an IPv4 socket listening on 127.0.0.1. */
    @SuppressWarnings("restricted") // a native call, allowed by --enable-native-access (soak-backend.sh)
    static void apply(ServerSocketChannel server) throws IOException {
        int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
        int fd = descriptor(inode(String.format(Locale.ROOT, "0100007F:%04X", port)));
        Linker linker = Linker.nativeLinker();
        MethodHandle setsockopt = linker.downcallHandle(linker.defaultLookup().find("setsockopt").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment linger = arena.allocate(ValueLayout.JAVA_INT, 2); // struct linger { l_onoff = 1, l_linger = 0 }
            linger.setAtIndex(ValueLayout.JAVA_INT, 0, 1);
            linger.setAtIndex(ValueLayout.JAVA_INT, 1, 0);
            int result = (int) setsockopt.invokeExact(fd, SOL_SOCKET, SO_LINGER, linger, (int) linger.byteSize());
            if (result != 0) {
                throw new IOException("setsockopt(SO_LINGER) on descriptor " + fd + " failed");
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("setsockopt(SO_LINGER) failed", e);
        }
    }

    /** The inode of the socket listening on {@code local} (hex address:port, as /proc/net/tcp writes it). */
    private static String inode(String local) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/self/net/tcp"));
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.trim().split("\\s+");
            if (fields[1].equals(local) && fields[3].equals(LISTEN)) {
                return fields[9];
            }
        }
        throw new IOException("no listening socket " + local + " in /proc/self/net/tcp");
    }

    private static int descriptor(String inode) throws IOException {
        String target = "socket:[" + inode + "]";
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            for (Path descriptor : descriptors.toList()) {
                try {
                    if (Files.readSymbolicLink(descriptor).toString().equals(target)) {
                        return Integer.parseInt(descriptor.getFileName().toString());
                    }
                } catch (IOException e) {
                    // closed meanwhile: not ours
                }
            }
        }
        throw new IOException("no descriptor of this process is " + target);
    }
}
