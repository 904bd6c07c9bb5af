package io.sleepingd.relay;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Bytes arrive intact and in order, in volume and over many connections at once. */
@ParameterizedClass(name = "{0}")
@EnumSource(RelayTransport.class)
class RelayTransferTest {
    @Parameter
    RelayTransport transport;

    private static final long SIXTY_FOUR_MIB = 64L << 20;
    private static final int CONNECTIONS = 200;

    private RelayedConnection.Servers servers;

    @BeforeEach
    void listen() throws Exception {
        servers = new RelayedConnection.Servers(transport);
    }

    @AfterEach
    void closeServers() throws Exception {
        servers.close();
    }

    @Test
    @Timeout(value = 120, threadMode = SEPARATE_THREAD)
    void sixtyFourMebibytesEachWayAtOnceArriveIntact() throws Exception {
        try (RelayedConnection c = servers.connect(new Traffic())) {
            CompletableFuture<TestData.Received> backendReceives = TestData.receiveAll(c.backend);
            CompletableFuture<TestData.Received> clientReceives = TestData.receiveAll(c.client);
            CompletableFuture<TestData.Sent> clientSends = TestData.sendRandom(c.client, 1, SIXTY_FOUR_MIB);
            CompletableFuture<TestData.Sent> backendSends = TestData.sendRandom(c.backend, 2, SIXTY_FOUR_MIB);

            assertEquals(clientSends.get().sha256(), backendReceives.get().sha256(), "client to backend");
            assertEquals(backendSends.get().sha256(), clientReceives.get().sha256(), "backend to client");
        }
    }

    @Test
    @Timeout(value = 120, threadMode = SEPARATE_THREAD)
    void twoHundredConcurrentConnectionsEachGetTheirOwnBytesBack() throws Exception {
        List<RelayedConnection> connections = new ArrayList<>();
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                RelayedConnection c = servers.connect(new Traffic());
                connections.add(c);
                Thread.ofVirtual().start(() -> echoUntilEndOfInput(c));
            }

            List<byte[]> sent = new ArrayList<>();
            List<CompletableFuture<byte[]>> echoed = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                RelayedConnection c = connections.get(i);
                byte[] data = TestData.randomBytes(1000 + i, 50_000 + 37 * i);
                sent.add(data);
                echoed.add(readAllOnVirtualThread(c));
                Thread.ofVirtual().start(() -> writeAndHalfClose(c, data));
            }

            for (int i = 0; i < CONNECTIONS; i++) {
                assertArrayEquals(sent.get(i), echoed.get(i).get(), "connection " + i);
            }
        } finally {
            for (RelayedConnection c : connections) {
                c.close();
            }
        }
    }

    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    void resultCountsTheBytesOfEachDirection() throws Exception {
        try (RelayedConnection c = servers.connect(new Traffic())) {
            exchange(c, 3_000, 5_000);

            RelayResult result = c.result.get();

            assertAll(
                    () -> assertEquals(3_000, result.clientToBackend(), "client to backend"),
                    () -> assertEquals(5_000, result.backendToClient(), "backend to client"),
                    () -> assertNull(result.failure(), "failure"));
        }
    }

    @Test
    @Timeout(value = 120, threadMode = SEPARATE_THREAD)
    void resultCountsSixtyFourMebibytesEachWay() throws Exception {
        try (RelayedConnection c = servers.connect(new Traffic())) {
            CompletableFuture<TestData.Received> backendReceives = TestData.receiveAll(c.backend);
            CompletableFuture<TestData.Received> clientReceives = TestData.receiveAll(c.client);
            TestData.sendRandom(c.client, 3, SIXTY_FOUR_MIB);
            TestData.sendRandom(c.backend, 4, SIXTY_FOUR_MIB);
            backendReceives.get();
            clientReceives.get();

            RelayResult result = c.result.get();

            assertEquals(SIXTY_FOUR_MIB, result.clientToBackend(), "client to backend");
            assertEquals(SIXTY_FOUR_MIB, result.backendToClient(), "backend to client");
        }
    }

    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    void trafficCounterEqualsTheBytesMovedBothWays() throws Exception {
        Traffic traffic = new Traffic();
        try (RelayedConnection c = servers.connect(traffic)) {
            exchange(c, 3_000, 5_000);
            c.result.get();

            assertEquals(8_000, traffic.sum());
        }
    }

    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    void trafficIsCountedForEachDirection() throws Exception {
        Traffic traffic = new Traffic();
        try (RelayedConnection c = servers.connect(traffic)) {
            exchange(c, 3_000, 5_000);
            c.result.get();

            assertEquals(3_000, traffic.toBackend(), "client to backend");
            assertEquals(5_000, traffic.toClient(), "backend to client");
        }
    }

    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    void aLiveConnectionTellsItsBytesEachWayAndWhenItsLastByteMoved() throws Exception {
        try (RelayedConnection c = servers.connect(new Traffic())) {
            assertEquals(new ConnectionBytes(0, 0, Optional.empty()), c.relay.bytes().get(), "before any byte");

            c.client.getOutputStream().write(TestData.randomBytes(1, 700));
            TestData.readExactly(c.backend, 700);
            c.backend.getOutputStream().write(TestData.randomBytes(2, 300));
            TestData.readExactly(c.client, 300);
            Thread.sleep(1_100);
            ConnectionBytes moved = c.relay.bytes().get();

            assertEquals(700, moved.toBackend(), "client to backend");
            assertEquals(300, moved.toClient(), "backend to client");
            assertTrue(moved.sinceLastByte().orElseThrow().compareTo(Duration.ofSeconds(1)) >= 0,
                    "quiet for a second: " + moved.sinceLastByte());
            assertTrue(moved.sinceLastByte().orElseThrow().compareTo(Duration.ofSeconds(30)) < 0,
                    "the last byte moved just now: " + moved.sinceLastByte());
        }
    }

    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    void trafficCounterSharedByTwoConnectionsAddsBoth() throws Exception {
        Traffic traffic = new Traffic();
        try (RelayedConnection first = servers.connect(traffic)) {
            exchange(first, 100, 200);
            first.result.get();
        }
        try (RelayedConnection second = servers.connect(traffic)) {
            exchange(second, 1_000, 2_000);
            second.result.get();
        }

        assertEquals(3_300, traffic.sum());
    }

    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    void trafficIsCountedWhileTheConnectionIsStillOpen() throws Exception {
        Traffic traffic = new Traffic();
        try (RelayedConnection c = servers.connect(traffic)) {
            c.client.getOutputStream().write(TestData.randomBytes(5, 1_000));
            TestData.readExactly(c.backend, 1_000);

            // The idle monitor reads the counter during long connections, not only when they end.
            while (traffic.sum() < 1_000) {
                Thread.sleep(10);
            }

            assertEquals(1_000, traffic.sum());
            assertEquals(false, c.result.isDone(), "the connection is still open");
        }
    }

    /** The client sends {@code up} bytes and half-closes; the backend reads them all, answers {@code down} bytes, closes. */
    private static void exchange(RelayedConnection c, int up, int down) throws Exception {
        CompletableFuture<byte[]> clientGets = readAllOnVirtualThread(c);
        c.client.getOutputStream().write(TestData.randomBytes(up, up));
        c.clientShutsDownOutput();
        assertEquals(up, c.backend.getInputStream().readAllBytes().length);
        c.backend.getOutputStream().write(TestData.randomBytes(down, down));
        c.backend.close();
        assertEquals(down, clientGets.get().length);
    }

    private static CompletableFuture<byte[]> readAllOnVirtualThread(RelayedConnection c) {
        CompletableFuture<byte[]> all = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                all.complete(c.client.getInputStream().readAllBytes());
            } catch (Throwable t) {
                all.completeExceptionally(t);
            }
        });
        return all;
    }

    private static void writeAndHalfClose(RelayedConnection c, byte[] data) {
        try {
            c.client.getOutputStream().write(data);
            c.clientShutsDownOutput();
        } catch (IOException e) {
            // the reader's assertion reports the short data
        }
    }

    private static void echoUntilEndOfInput(RelayedConnection c) {
        try {
            c.backend.getInputStream().transferTo(c.backend.getOutputStream());
            c.backend.shutdownOutput();
        } catch (IOException e) {
            // the client's assertion reports the short echo
        }
    }
}
