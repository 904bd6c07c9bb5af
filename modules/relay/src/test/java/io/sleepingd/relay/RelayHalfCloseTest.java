package io.sleepingd.relay;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Each side's end of input reaches the other side as a half-close; the other direction carries on. */
@Timeout(value = 60, threadMode = SEPARATE_THREAD)
@ParameterizedClass(name = "{0}")
@EnumSource(RelayTransport.class)
class RelayHalfCloseTest {
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
    void clientsHalfCloseReachesTheBackendAsEndOfInput() throws Exception {
        try (RelayedConnection c = servers.connect(new Traffic())) {
            byte[] request = "GET / HTTP/1.0\r\n\r\n".getBytes(US_ASCII);

            c.client.getOutputStream().write(request);
            c.clientShutsDownOutput();

            // readAllBytes returns only at end of input: the relay must pass the half-close on.
            assertArrayEquals(request, c.backend.getInputStream().readAllBytes());
        }
    }

    @Test
    void clientThatHalfClosedStillGetsTheWholeAnswer() throws Exception {
        try (RelayedConnection c = servers.connect(new Traffic())) {
            byte[] request = "GET /big HTTP/1.0\r\n\r\n".getBytes(US_ASCII);
            byte[] answer = TestData.randomBytes(1, 4 << 20);
            c.client.getOutputStream().write(request);
            c.clientShutsDownOutput();
            c.backend.getInputStream().readAllBytes();

            CompletableFuture<byte[]> clientGets = CompletableFuture.supplyAsync(() -> {
                try {
                    return c.client.getInputStream().readAllBytes();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }, runnable -> Thread.ofVirtual().start(runnable));
            c.backend.getOutputStream().write(answer);
            c.backend.close();

            assertArrayEquals(answer, clientGets.get());
            assertNull(c.result.get().failure());
        }
    }

    @Test
    void backendsHalfCloseReachesTheClientAsEndOfInput() throws Exception {
        try (RelayedConnection c = servers.connect(new Traffic())) {
            byte[] greeting = "220 ready, then silent\r\n".getBytes(US_ASCII);

            c.backend.getOutputStream().write(greeting);
            c.backend.shutdownOutput();

            assertArrayEquals(greeting, c.client.getInputStream().readAllBytes());
        }
    }

    @Test
    void clientKeepsSendingAfterTheBackendHalfClosed() throws Exception {
        try (RelayedConnection c = servers.connect(new Traffic())) {
            c.backend.getOutputStream().write("bye\n".getBytes(US_ASCII));
            c.backend.shutdownOutput();
            c.client.getInputStream().readAllBytes();

            byte[] later = "sent after the backend's half-close".getBytes(US_ASCII);
            c.client.getOutputStream().write(later);
            c.clientShutsDownOutput();

            assertArrayEquals(later, c.backend.getInputStream().readAllBytes());
            assertNull(c.result.get().failure());
        }
    }

    /**
     * Both ends of the client's socket are shut (the backend's half-close passed on, then the client's
     * own) while the relay still holds the client's bytes for a backend that has not read yet: the
     * socket reports a hang-up at every wait, and the loop must not spin on it meanwhile.
     */
    @Test
    void aClientThatClosesWhileItsBytesWaitForTheBackendIsRelayedWholeWithoutSpinning() throws Exception {
        try (RelayedConnection c = servers.connect(new Traffic())) {
            c.backend.shutdownOutput();
            c.client.getInputStream().readAllBytes();
            TestData.Sent sent = TestData.sendRandom(c.client, 3, 4 << 20).get(); // then shuts its output down
            long loopsBusy = relayLoopsCpuTicks();

            Thread.sleep(1000); // the backend reads nothing yet
            long spentWaiting = relayLoopsCpuTicks() - loopsBusy;
            TestData.Received received = TestData.receiveAll(c.backend).get();

            assertEquals(sent.sha256(), received.sha256(), "SHA-256 of what the backend received");
            assertTrue(spentWaiting < 50, "the relay's loops spent " + spentWaiting
                    + " clock ticks of CPU (100 a second) in the second they had nothing to do");
        }
    }

    /** CPU time of this JVM's relay loop threads (all tests' loops: they idle meanwhile), from /proc. */
    private static long relayLoopsCpuTicks() throws IOException {
        long ticks = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String stat = Files.readString(task.resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.startsWith("relay-loop-")) {
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                }
            }
        }
        return ticks;
    }
}
