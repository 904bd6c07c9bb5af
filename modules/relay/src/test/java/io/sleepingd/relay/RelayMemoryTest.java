package io.sleepingd.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Clients that never read cannot make the relay take more buffer memory than its budget: once the
 * budget is spent the flows wait, and a flow that has held data its client would not take for the
 * stall limit is ended so that the others can go on. Real sockets; loops of the test's own with a
 * budget of 1 MiB, which 80 stalled flows spend on either transport (a stalled flow holds a 128 KiB
 * buffer or a 64 KiB pipe, and 16 KiB under pressure).
 */
@Timeout(value = 120, threadMode = SEPARATE_THREAD)
@ParameterizedClass(name = "{0}")
@EnumSource(RelayTransport.class)
class RelayMemoryTest {
    @Parameter
    RelayTransport transport;

    private static final long BUDGET = 1024 * 1024;
    private static final int STALLED = 80;

    private final List<RelayedConnection> connections = new ArrayList<>();
    private RelayLoops loops;
    private RelayedConnection.Servers servers;

    @AfterEach
    void closeEverything() throws Exception {
        for (RelayedConnection c : connections) {
            c.close();
        }
        servers.close();
        loops.close();
    }

    @Test
    void stalledReadersHoldNoMoreThanTheBudget() throws Exception {
        BufferPool pool = start(Duration.ofMinutes(10));

        stallReaders(pool);

        assertTrue(pool.held() <= BUDGET, "held " + pool.held() + " bytes; budget " + BUDGET);
    }

    @Test
    void whenTheBudgetIsSpentAFlowStalledForTheLimitIsEndedWithAReset() throws Exception {
        BufferPool pool = start(Duration.ofSeconds(1));
        stallReaders(pool);

        RelayedConnection first = connections.getFirst();

        assertInstanceOf(RelayStalledException.class, first.result.get().failure());
        RelayedConnection.assertConnectionIsReset(first.client);
    }

    @Test
    void aTransferCompletesIntactWhileStalledReadersHaveSpentTheBudget() throws Exception {
        BufferPool pool = start(Duration.ofSeconds(1));
        stallReaders(pool);

        RelayedConnection honest = servers.connect(new Traffic());
        connections.add(honest);
        var sent = TestData.sendRandom(honest.backend, 7, 4 * 1024 * 1024);
        var received = TestData.receiveAll(honest.client);

        assertEquals(sent.get().sha256(), received.get().sha256(), "SHA-256 of what the client received");
    }

    private BufferPool start(Duration stallLimit) throws IOException {
        BufferPool pool = new BufferPool(BUDGET);
        loops = new RelayLoops(1, pool, stallLimit, transport);
        servers = new RelayedConnection.Servers(loops);
        return pool;
    }

    /**
     * Opens {@link #STALLED} connections whose backend sends without end and whose client never reads,
     * and returns once the relay has spent its budget. The relay's send buffers are made small, so that
     * the kernel holds little and the relay's own buffers fill.
     */
    private void stallReaders(BufferPool pool) throws Exception {
        for (int i = 0; i < STALLED; i++) {
            RelayedConnection c = servers.connect(new Traffic());
            connections.add(c);
            c.relayClientSide.setOption(StandardSocketOptions.SO_SNDBUF, 4096);
            TestData.sendForever(c.backend);
        }
        while (pool.canKeep()) {
            Thread.sleep(10);
        }
    }
}
