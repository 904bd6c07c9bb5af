package io.sleepingd.lifecycle;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sleepingd.config.Origin;
import io.sleepingd.config.ServiceConfig;
import io.sleepingd.relay.RelayLoops;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A reload that changes a service, as the daemon does it: the old service is taken out of the set
 * ({@link ServiceSet#remove}), the new one {@link SleepingService#replaces replaces} it and is added.
 * Both drive the same backend (a real echo server, {@link EchoBackend}), as two versions of one
 * section do.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServiceSetReloadTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final RelayLoops loops = RelayLoops.start(1, 4L << 20);
    private final EchoBackend backend = new EchoBackend();
    private final ServerSocketChannel front = ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));

    ServiceSetReloadTest() throws IOException {
    }

    @AfterEach
    void closeEverything() throws IOException {
        front.close();
        backend.close();
        loops.close();
    }

    @Test
    void theReplacedServiceStopsTheBackendBeforeTheNewOneStartsIt() throws Exception {
        SleepingService old = service("echo v1");
        ServiceSet set = new ServiceSet(List.of(old), List.of());
        try (Socket before = connect(old)) {
            assertEchoes(before, "before the reload");

            SleepingService changed = service("echo v2");
            CompletableFuture<Void> oldStopped = set.remove(old, Duration.ofMillis(300));
            changed.replaces(oldStopped);
            set.add(changed);
            try (Socket after = connect(changed)) {
                assertEchoes(after, "after the reload");
            }

            assertTrue(oldStopped.isDone());
            assertEquals(List.of("start", "started", "stop", "start", "started"), backend.events,
                    "the old STOP before the new START");
            assertEquals(List.of(changed), set.services());
        }
        set.shutdown(Duration.ZERO);
    }

    @Test
    void anUnchangedServiceKeepsItsConnectionAndItsBackendAcrossAnotherServicesReload() throws Exception {
        SleepingService kept = service("kept");
        SleepingService other = service("other");
        ServiceSet set = new ServiceSet(List.of(kept, other), List.of());
        try (Socket client = connect(kept)) {
            assertEchoes(client, "first");

            set.remove(other, Duration.ZERO).get();

            assertEchoes(client, "still served");
            assertEquals("awake", kept.status().state());
        }
        set.shutdown(Duration.ZERO);
    }

    private SleepingService service(String name) {
        ServiceConfig config = new ServiceConfig(name, new Origin(Path.of("test.conf"), 1), true, 0, List.of(),
                Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofSeconds(1), "echo", Optional.empty(),
                Map.of(), Map.of());
        return new SleepingService(config, backend, Optional.empty(), loops);
    }

    private Socket connect(SleepingService service) throws IOException {
        Socket client = new Socket(LOOPBACK, ((InetSocketAddress) front.getLocalAddress()).getPort());
        client.setSoTimeout(30_000);
        service.admit(front.accept());
        return client;
    }

    private static void assertEchoes(Socket client, String text) throws IOException {
        byte[] bytes = text.getBytes(US_ASCII);
        client.getOutputStream().write(bytes);
        assertArrayEquals(bytes, client.getInputStream().readNBytes(bytes.length));
    }
}
