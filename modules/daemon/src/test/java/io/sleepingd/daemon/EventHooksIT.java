package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ON_EVENT_CMD}: a command hook hears every step of a service's life, in order, off the wake's path. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EventHooksIT {
    @TempDir
    Path dir;

    /** The service every test runs, on 127.0.0.1 and {@code port}, with its own {@code keys}. */
    private static String web(int port, String keys) {
        return "[web]\nBIND=127.0.0.1\nPORT=" + port + "\n" + keys;
    }

    @Test
    void aHookHearsAWakeAndAnIdleStopInOrderWithTheEventInItsEnvironment() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, web(port, """
                     START_CMD="echo %s"
                     STOP_CMD=true
                     IDLE_TIME=1
                     IDLE_CHECK_INTERVAL=1
                     ON_EVENT_CMD="echo $SLEEPINGD_EVENT $SLEEPINGD_SERVICE ${SLEEPINGD_CLIENT%%:*} >> %s/events"
                     """.formatted(backend.address(), dir))).startForeground()) {
            assertEquals("echo:hi", Client.exchange(port, "hi"));

            daemon.await("the asleep event", Duration.ofSeconds(30), () -> daemon.lines("events").size() == 4);

            assertEquals(List.of("waking web 127.0.0.1", "awake web 127.0.0.1", "stopping web", "asleep web"),
                    daemon.lines("events"));
        }
    }

    @Test
    void aHookHearsAFailedWakeAndTheStopOfWhatItMayHaveStarted() throws Exception {
        int port = DaemonHarness.freePort();
        try (DaemonHarness daemon = DaemonHarness.with(dir, web(port, """
                START_CMD="exit 3"
                STOP_CMD=true
                ON_EVENT_CMD="echo $SLEEPINGD_EVENT >> %s/events"
                """.formatted(dir))).startForeground()) {
            Client.exchangeOrClosed(port, "hi");

            daemon.await("the asleep event", Duration.ofSeconds(30), () -> daemon.lines("events").contains("asleep"));

            assertEquals(List.of("waking", "wake-failed", "stopping", "asleep"), daemon.lines("events"));
        }
    }

    @Test
    void aHookThatHangsDoesNotHoldTheWakeBack() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, web(port, """
                     START_CMD="echo %s"
                     ON_EVENT_CMD="echo begin $SLEEPINGD_EVENT >> %s/events; sleep 60; echo end >> %s/events"
                     """.formatted(backend.address(), dir, dir))).startForeground()) {
            String answer = Client.exchange(port, "hi");
            List<String> meanwhile = daemon.lines("events");

            assertAll(
                    () -> assertEquals("echo:hi", answer),
                    () -> assertTrue(meanwhile.isEmpty() || meanwhile.equals(List.of("begin waking")), meanwhile.toString()),
                    () -> assertFalse(meanwhile.contains("end"), "served while the hook for 'waking' still runs"));
        }
    }

    @Test
    void aHookStillRunningWhenTheDaemonStopsIsKilledWithWhatItStarted() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, web(port, """
                     START_CMD="echo %s"
                     ON_EVENT_CMD="sleep 300 & echo $! >> %s/pids; wait"
                     """.formatted(backend.address(), dir))).startForeground()) {
            assertEquals("echo:hi", Client.exchange(port, "hi"));
            daemon.await("the hook's process", Duration.ofSeconds(30), () -> !daemon.lines("pids").isEmpty());
            long hook = Long.parseLong(daemon.lines("pids").getFirst());

            daemon.process().destroy(); // SIGTERM
            assertEquals(0, daemon.awaitExit(Duration.ofSeconds(60)));

            daemon.await("the hook's process to be gone", Duration.ofSeconds(30),
                    () -> ProcessHandle.of(hook).map(p -> !p.isAlive()).orElse(true));
        }
    }

    @Test
    void aWebhookGetsTheEventsOfAWakeAndAnIdleStopAsJsonInOrder() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             WebhookReceiver receiver = new WebhookReceiver();
             DaemonHarness daemon = DaemonHarness.with(dir, web(port, """
                     START_CMD="echo %s"
                     STOP_CMD=true
                     IDLE_TIME=1
                     IDLE_CHECK_INTERVAL=1
                     ON_EVENT_URL="http://127.0.0.1:%d/sleepingd"
                     """.formatted(backend.address(), receiver.port()))).startForeground()) {
            assertEquals("echo:hi", Client.exchange(port, "hi"));

            daemon.await("four events", Duration.ofSeconds(30), () -> receiver.requests().size() == 4);

            List<String> requests = receiver.requests();
            assertAll(
                    () -> assertEquals(List.of("waking", "awake", "stopping", "asleep"), requests.stream()
                            .map(request -> request.replaceAll("(?s).*\\{\"event\":\"([a-z-]+)\".*", "$1")).toList()),
                    () -> assertTrue(requests.getFirst().startsWith("POST /sleepingd HTTP/1.1"), requests.getFirst()),
                    () -> assertTrue(requests.getFirst().contains("\"service\":\"web\",\"port\":" + port
                            + ",") && requests.getFirst().contains("\"client\":\"127.0.0.1:"), requests.getFirst()),
                    () -> assertTrue(requests.get(1).matches("(?s).*\"durationMs\":\\d+.*"), requests.get(1)));
        }
    }

    @Test
    void aWebhookThatCannotBeReachedIsLoggedAndTheServiceGoesOn() throws Exception {
        int port = DaemonHarness.freePort();
        int closed = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, web(port, """
                     START_CMD="echo %s"
                     ON_EVENT_URL="http://127.0.0.1:%d/"
                     """.formatted(backend.address(), closed))).startForeground()) {
            assertEquals("echo:one", Client.exchange(port, "one"));
            daemon.awaitLog("ON_EVENT_URL http://127.0.0.1:" + closed + "/ for 'waking' failed 3 times",
                    Duration.ofSeconds(60));

            assertEquals("echo:two", Client.exchange(port, "two"));
        }
    }

    @Test
    void aHookThatFailsIsLoggedAndTheServiceGoesOn() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, web(port, """
                     START_CMD="echo %s"
                     ON_EVENT_CMD="exit 9"
                     """.formatted(backend.address()))).startForeground()) {
            assertEquals("echo:one", Client.exchange(port, "one"));
            daemon.awaitLog("ON_EVENT_CMD for 'awake' exited with status 9", Duration.ofSeconds(30));

            assertEquals("echo:two", Client.exchange(port, "two"));
        }
    }
}
