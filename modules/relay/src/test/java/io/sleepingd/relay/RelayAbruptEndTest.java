package io.sleepingd.relay;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

import java.io.IOException;
import java.net.SocketException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A side that goes away abruptly (a reset) ends the whole relay: it returns with the failure, closes
 * both channels and the other side sees a reset too, never an orderly end. A hang fails the {@code @Timeout}.
 */
@Timeout(value = 60, threadMode = SEPARATE_THREAD)
@ParameterizedClass(name = "{0}")
@EnumSource(RelayTransport.class)
class RelayAbruptEndTest {
    @Parameter
    RelayTransport transport;

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
    void clientResetEndsTheRelayWithAFailure() throws Exception {
        try (RelayedConnection c = servers.connect(new Traffic())) {
            RelayedConnection.reset(c.client);

            assertNotNull(c.result.get().failure());
        }
    }

    @Test
    void clientResetReachesTheBackendAsAReset() throws Exception {
        try (RelayedConnection c = servers.connect(new Traffic())) {
            RelayedConnection.reset(c.client);

            RelayedConnection.assertConnectionIsReset(c.backend);
        }
    }

    @Test
    void backendResetEndsTheRelayWithAFailure() throws Exception {
        try (RelayedConnection c = servers.connect(new Traffic())) {
            RelayedConnection.reset(c.backend);

            assertNotNull(c.result.get().failure());
        }
    }

    @Test
    void backendResetReachesTheClientAsAReset() throws Exception {
        try (RelayedConnection c = servers.connect(new Traffic())) {
            RelayedConnection.reset(c.backend);

            RelayedConnection.assertConnectionIsReset(c.client);
        }
    }

    @Test
    void clientResetWhileTheBackendIsStillSendingEndsTheRelay() throws Exception {
        try (RelayedConnection c = servers.connect(new Traffic())) {
            CompletableFuture<IOException> backendWriteFails = TestData.sendForever(c.backend);
            TestData.readExactly(c.client, 100_000);

            RelayedConnection.reset(c.client);

            assertNotNull(c.result.get().failure(), "relay failure");
            assertNotNull(backendWriteFails.get(), "the backend's writes fail once the relay gave up");
        }
    }

    @Test
    void reportedFailureIsTheClientsReset() throws Exception {
        try (RelayedConnection c = servers.connect(new Traffic())) {
            RelayedConnection.reset(c.client);

            IOException failure = c.result.get().failure();

            assertInstanceOf(SocketException.class, failure, "the reset, not the close it caused; got " + failure);
        }
    }

    @Test
    void reportedFailureIsTheBackendsReset() throws Exception {
        try (RelayedConnection c = servers.connect(new Traffic())) {
            // The client is quiet, so the relay's client-to-backend direction sits in read() when the
            // backend's reset arrives on the other direction and the relay closes both channels.
            RelayedConnection.reset(c.backend);

            IOException failure = c.result.get().failure();

            assertInstanceOf(SocketException.class, failure,
                    "RelayResult.failure is documented as the first I/O error; got " + failure);
        }
    }

    @Test
    void bothChannelsAreClosedWhenTheRelayEndsNormally() throws Exception {
        try (RelayedConnection c = servers.connectHeld(new Traffic())) {
            c.client.getOutputStream().write("ping".getBytes(US_ASCII));
            c.clientShutsDownOutput();
            c.backend.getInputStream().readAllBytes();
            c.backend.close();

            RelayResult result = c.result.get();

            assertAll(
                    () -> assertNull(result.failure(), "failure"),
                    () -> assertFalse(c.relayClientSide.isOpen(), "client channel open"),
                    () -> assertFalse(c.relayBackendSide.isOpen(), "backend channel open"));
        }
    }

    @Test
    void bothChannelsAreClosedWhenTheRelayEndsWithAFailure() throws Exception {
        try (RelayedConnection c = servers.connectHeld(new Traffic())) {
            RelayedConnection.reset(c.client);

            c.result.get();

            assertAll(
                    () -> assertFalse(c.relayClientSide.isOpen(), "client channel open"),
                    () -> assertFalse(c.relayBackendSide.isOpen(), "backend channel open"));
        }
    }
}
