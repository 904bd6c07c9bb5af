package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PROVIDER=wake-on-lan: the magic packet goes to WOL_ADDRESS, and the connection is held until
 * BACKEND accepts. The sleeping machine is played by a UDP listener on loopback that checks the
 * packet's bytes and only then starts the backend, as a machine boots once its card sees the packet
 * (no real network card or second machine can be woken here).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WakeOnLanIT {
    private static final String MAC = "00:1a:2b:3c:4d:5e";

    @TempDir
    Path dir;

    @Test
    void theMagicPacketWakesTheMachineAndTheHeldConnectionIsRelayedThenStopCmdPutsItToSleep() throws Exception {
        int port = DaemonHarness.freePort();
        int backendPort = DaemonHarness.freePort();
        try (DatagramChannel card = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            int cardPort = ((InetSocketAddress) card.getLocalAddress()).getPort();
            // a thread of its own: the client below runs on the common pool, which may have one thread
            CompletableFuture<byte[]> received = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                ByteBuffer packet = ByteBuffer.allocate(1024);
                try {
                    card.receive(packet);
                    received.complete(Arrays.copyOf(packet.array(), packet.position()));
                } catch (Exception e) {
                    received.completeExceptionally(e);
                }
            });
            try (DaemonHarness daemon = DaemonHarness.with(dir, """
                    [Machine]
                    BIND=127.0.0.1
                    PORT=%d
                    PROVIDER=wake-on-lan
                    WOL_MAC=%s
                    WOL_ADDRESS=127.0.0.1:%d
                    BACKEND=127.0.0.1:%d
                    STOP_CMD="echo suspend >> %s/events"
                    IDLE_TIME=1
                    IDLE_CHECK_INTERVAL=1
                    """.formatted(port, MAC, cardPort, backendPort, dir)).startForeground()) {
                CompletableFuture<String> client = Client.exchangeInBackground(port, "hello");

                byte[] packet = received.get(30, TimeUnit.SECONDS);
                assertArrayEquals(HexFormat.of().parseHex("ffffffffffff" + "001a2b3c4d5e".repeat(16)), packet,
                        "the magic packet");
                try (TestBackend booted = TestBackend.listen(backendPort, request -> TestBackend.concat(
                        "echo:".getBytes(), request))) {
                    assertEquals("echo:hello", client.get(30, TimeUnit.SECONDS), "held until the machine accepted");
                    daemon.await("STOP_CMD once idle", Duration.ofSeconds(30), () -> events().contains("suspend"));
                }
            }
        }
    }

    private List<String> events() {
        try {
            Path events = dir.resolve("events");
            return Files.exists(events) ? Files.readAllLines(events) : List.of();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
