package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code sleepingd status}: the table, {@code --json} as jq reads it in every state, and {@code -v}'s connections. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StatusIT {
    @TempDir
    Path dir;

    /** START_CMD waits for the file {@code go}, STOP_CMD for {@code stop}: the test holds each state as long as it looks. */
    private String gatedService(int port, TestBackend backend) {
        return """
                [Watched]
                BIND=127.0.0.1
                PORT=%d
                START_CMD="while [ ! -e %s/go ]; do sleep 0.1; done; echo %s"
                STOP_CMD="while [ ! -e %s/stop ]; do sleep 0.1; done"
                IDLE_TIME=1
                IDLE_CHECK_INTERVAL=1
                """.formatted(port, dir, backend.address(), dir);
    }

    private static String service(String name, int port, TestBackend backend) {
        return """
                [%s]
                BIND=127.0.0.1
                PORT=%d
                START_CMD="echo %s"
                IDLE_TIME=600
                """.formatted(name, port, backend.address());
    }

    @Test
    void statusJsonGivesEveryStateAndWhatLedToItAsJqReadsIt() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, gatedService(port, backend)).startForeground();
             Socket client = new Socket()) {
            assertAll("asleep",
                    () -> assertEquals("asleep", daemon.state("Watched")),
                    () -> assertEquals("null", daemon.statusField("Watched", "lastWake")),
                    () -> assertTrue(daemon.statusField("Watched", "since").endsWith("Z")));

            client.connect(new InetSocketAddress("127.0.0.1", port));
            client.getOutputStream().write("held".getBytes());
            daemon.await("waking", Duration.ofSeconds(30), () -> daemon.state("Watched").equals("waking"));
            assertEquals(1, Integer.parseInt(daemon.statusField("Watched", "connectionsHeld")), "held during the wake");

            Files.createFile(dir.resolve("go"));
            daemon.await("awake", Duration.ofSeconds(30), () -> daemon.state("Watched").equals("awake"));
            assertAll("awake",
                    () -> assertEquals("1", daemon.statusField("Watched", "connectionsRelayed")),
                    () -> assertEquals("0", daemon.statusField("Watched", "connectionsHeld")),
                    () -> assertEquals("127.0.0.1:" + backend.port(), daemon.statusField("Watched", "backends[0]")),
                    () -> assertEquals("success", daemon.statusField("Watched", "lastWake.outcome")),
                    () -> assertEquals("1", daemon.statusField("Watched", "wakes.success")));
            daemon.await("the held bytes relayed", Duration.ofSeconds(30),
                    () -> daemon.statusField("Watched", "bytesToBackend").equals("4"));

            client.close();
            daemon.await("stopping", Duration.ofSeconds(30), () -> daemon.state("Watched").equals("stopping"));
            assertEquals("1", daemon.statusField("Watched", "stops.idle"));

            Files.createFile(dir.resolve("stop"));
            daemon.await("asleep again", Duration.ofSeconds(30), () -> daemon.state("Watched").equals("asleep"));
            assertAll("asleep again",
                    () -> assertTrue(daemon.statusField("Watched", "lastStop").startsWith("idle for 1 s ("),
                            daemon.statusField("Watched", "lastStop")),
                    () -> assertTrue(Double.parseDouble(daemon.statusField("Watched", "awakeSeconds")) > 0),
                    () -> assertEquals("1", daemon.statusField("Watched", "connectionsTotal")));
        }
    }

    @Test
    void statusVerboseListsALiveConnectionWithItsClientAndItsBytes() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service("Watched", port, backend)).startForeground();
             Socket client = new Socket()) {
            client.connect(new InetSocketAddress("127.0.0.1", port));
            client.getOutputStream().write("hello".getBytes()); // the echo backend answers at the end: 0 bytes back
            daemon.await("the bytes relayed", Duration.ofSeconds(30),
                    () -> daemon.statusField("Watched", "bytesToBackend").equals("5"));
            String clientAddress = "127.0.0.1:" + client.getLocalPort();

            DaemonHarness.Cli text = daemon.cli("status", "-v", "Watched");
            String json = daemon.cli("status", "--json", "-v", "Watched").out();

            assertAll(
                    () -> assertEquals(0, text.exitStatus(), text.err()),
                    () -> assertTrue(text.out().lines().anyMatch(line -> line.matches(
                            " +" + clientAddress.replace(".", "\\.") + " +\\S+( \\S+)* +5 +0 +.*")), text.out()),
                    () -> assertEquals(clientAddress, DaemonHarness.jq(json, ".services[0].liveConnections[0].client")),
                    () -> assertEquals("5", DaemonHarness.jq(json, ".services[0].liveConnections[0].bytesToBackend")),
                    () -> assertEquals("false", DaemonHarness.jq(json, ".services[0].liveConnections[0].held")));
        }
    }

    @Test
    void statusOfAServiceThatDoesNotExistFailsNamingTheServices() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service("Watched", port, backend)).startForeground()) {
            DaemonHarness.Cli status = daemon.cli("status", "-v", "Nope");

            assertEquals(1, status.exitStatus());
            assertEquals("error: no service named 'Nope'; the services are: Watched", status.out().strip());
        }
    }

    @Test
    void theTableHasAlignedColumnsAndTheServicesInConfigurationOrder() throws Exception {
        int first = DaemonHarness.freePort();
        int second = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service("Zebra", first, backend)
                     + service("A much longer name", second, backend)).startForeground()) {
            assertEquals("echo:wake", Client.exchange(first, "wake"));

            List<String> lines = daemon.cli("status").out().lines().filter(line -> !line.startsWith("  ")).toList();

            assertAll(
                    () -> assertEquals(3, lines.size(), String.join("\n", lines)),
                    () -> assertTrue(lines.get(1).startsWith("Zebra "), "configuration order"),
                    () -> assertTrue(lines.get(2).startsWith("A much longer name "), "configuration order"),
                    () -> assertEquals(lines.get(0).indexOf("PORT"), lines.get(1).indexOf(Integer.toString(first)),
                            "PORT column"),
                    () -> assertEquals(lines.get(0).indexOf("STATE"), lines.get(1).indexOf("awake"), "STATE column"),
                    () -> assertEquals(lines.get(0).indexOf("STATE"), lines.get(2).indexOf("asleep"), "STATE column"));
        }
    }
}
