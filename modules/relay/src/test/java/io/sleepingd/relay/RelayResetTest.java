package io.sleepingd.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A reset stays a reset: a transfer that one side cuts must never reach the other side as a clean end
 * of stream, which would make a truncated transfer look complete (an abort by the daemon: see
 * RelayConnectTest).
 */
@Timeout(value = 60, threadMode = SEPARATE_THREAD)
@ParameterizedClass(name = "{0}")
@EnumSource(RelayTransport.class)
class RelayResetTest {
    @Parameter
    RelayTransport transport;

    private static final int SENT_BEFORE_THE_RESET = 100_000;

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
    void aBackendThatResetsAfterSendingReachesTheClientAsAReset() throws Exception {
        try (RelayedConnection c = servers.connect(new Traffic())) {
            c.backend.getOutputStream().write(TestData.randomBytes(1, SENT_BEFORE_THE_RESET));
            RelayedConnection.reset(c.backend);

            RelayedConnection.assertConnectionIsReset(c.client);
        }
    }

    @Test
    void aClientThatResetsAfterSendingReachesTheBackendAsAReset() throws Exception {
        try (RelayedConnection c = servers.connect(new Traffic())) {
            c.client.getOutputStream().write(TestData.randomBytes(2, SENT_BEFORE_THE_RESET));
            RelayedConnection.reset(c.client);

            RelayedConnection.assertConnectionIsReset(c.backend);
        }
    }

    @Test
    void anOrderlyEndStaysAnOrderlyEnd() throws Exception {
        try (RelayedConnection c = servers.connect(new Traffic())) {
            c.backend.getOutputStream().write(TestData.randomBytes(3, SENT_BEFORE_THE_RESET));
            c.backend.shutdownOutput();

            assertEquals(SENT_BEFORE_THE_RESET, drainToEnd(c.client), "bytes before the end of stream");
        }
    }

    private static long drainToEnd(Socket socket) throws IOException {
        return socket.getInputStream().transferTo(OutputStream.nullOutputStream());
    }
}
