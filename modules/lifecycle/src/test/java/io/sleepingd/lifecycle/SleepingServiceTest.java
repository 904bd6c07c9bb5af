package io.sleepingd.lifecycle;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sleepingd.config.Origin;
import io.sleepingd.config.ServiceConfig;
import io.sleepingd.relay.RelayLoops;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A service's life, in-process: real client sockets, the relay's real event loops, and a backend that
 * is a real echo server ({@link EchoBackend}). The tests look at the service's state and at what the
 * backend was asked to do, never at log lines.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SleepingServiceTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Duration WAKE_TIMEOUT = Duration.ofSeconds(30);

    private final RelayLoops loops = RelayLoops.start(1, 4L << 20);
    private final EchoBackend backend = new EchoBackend();
    private final ServerSocketChannel front = openFront();
    private final List<Socket> clients = new ArrayList<>();

    @AfterEach
    void closeEverything() throws IOException {
        for (Socket client : clients) {
            client.close();
        }
        front.close();
        backend.close();
        loops.close();
    }

    @Test
    void oneWakeServesEveryConnectionThatArrivesDuringIt() throws Exception {
        SleepingService service = service(Duration.ofMinutes(10));
        backend.holdStarts();
        List<Socket> waiting = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Socket client = connect(service);
            client.getOutputStream().write(("hello " + i).getBytes(US_ASCII)); // held, unread, during the wake
            waiting.add(client);
        }
        await("ten connections held while waking", () -> state(service).equals("waking")
                && service.status().held() == 10);

        backend.releaseStarts();

        for (int i = 0; i < 10; i++) {
            assertReads(waiting.get(i), "hello " + i);
        }
        assertEquals(1, backend.count("start"), "START ran once for all: " + backend.events);
        assertEquals("awake", state(service));
    }

    @Test
    void theStartUpCheckAndAWakeAskTheProviderOneAtATime() throws Exception {
        SleepingService service = service(Duration.ofMinutes(10));
        backend.holdChecks();
        service.settleRunningBackend((InetSocketAddress) front.getLocalAddress());
        await("the start-up CHECK running", () -> backend.checks.get() == 1);
        Socket client = connect(service);
        client.getOutputStream().write("hello".getBytes(US_ASCII));
        await("the connection held", () -> state(service).equals("waking") && service.status().held() == 1);

        backend.releaseChecks();

        assertReads(client, "hello");
        assertEquals(1, backend.mostChecksOrStartsAtOnce(), "one CHECK or START at a time: " + backend.events);
        assertEquals(2, backend.checks.get(), "the start-up's CHECK, then the wake's");
        assertEquals(List.of("start", "started"), backend.events);
    }

    @Test
    void noIdleStopWhileAConnectionIsOpenThenAStopOnceIdle() throws Exception {
        SleepingService service = service(Duration.ofSeconds(1));
        Socket client = connect(service);
        assertEchoes(client, "wake up");

        checkIdleFor(service, Duration.ofMillis(2500)); // well past IDLE_TIME, with the connection open and quiet
        assertEquals(0, backend.count("stop"), "no stop while a connection is open: " + backend.events);
        assertEquals("awake", state(service));

        client.close();
        await("the service asleep once idle", () -> {
            service.checkIdle();
            return state(service).equals("asleep");
        });
        assertEquals(1, backend.count("stop"));
    }

    @Test
    void aWakeAndAnIdleStopAreCountedWithTheirOutcomeReasonAndBytes() throws Exception {
        SleepingService service = service(Duration.ofSeconds(1));
        Socket client = connect(service);
        assertEchoes(client, "wake up");
        client.close();
        await("the service asleep once idle", () -> {
            service.checkIdle();
            return state(service).equals("asleep");
        });

        ServiceStatus status = service.status();
        ServiceCounters.Counts counts = status.counts();
        assertEquals(1, counts.wakes().get(WakeOutcome.SUCCESS), "wakes: " + counts.wakes());
        assertEquals(0, counts.wakes().get(WakeOutcome.FAILED));
        assertEquals(1, counts.stops().get(StopReason.IDLE), "stops: " + counts.stops());
        assertEquals(1, counts.connections());
        assertEquals(7, counts.bytesToBackend());
        assertEquals(7, counts.bytesToClient());
        assertEquals(1, counts.wakeBuckets().getLast(), "one wake in the histogram");
        assertTrue(counts.awakeSeconds() >= 1, "awake for IDLE_TIME at least: " + counts.awakeSeconds());
        assertEquals(WakeOutcome.SUCCESS, status.lastWake().orElseThrow().outcome());
    }

    @Test
    void aFailedWakeIsTheLastErrorAndStartsTheBackOff() throws Exception {
        SleepingService service = service(Duration.ofMinutes(10));
        backend.failStarts(true);
        assertCut(connect(service)); // after the wake recorded its failure

        ServiceStatus status = service.status();
        assertEquals(1, status.counts().wakes().get(WakeOutcome.FAILED));
        assertTrue(status.lastError().orElseThrow().message().startsWith("wake failed: "), status.lastError().toString());
        assertTrue(status.backoff().isPresent(), "the back-off after one failure lasts a second");
    }

    @Test
    void afterAFailedWakeTheNextWaitsForTheBackOffAndItsConnectionIsServed() throws Exception {
        SleepingService service = service(Duration.ofMinutes(10));
        backend.failStarts(true);
        Socket first = connect(service);
        assertCut(first);
        await("asleep after the failed wake", () -> state(service).equals("asleep"));

        backend.failStarts(false);
        Socket second = connect(service);

        assertEchoes(second, "second try");
        long pause = backend.startTimes.get(1) - backend.startTimes.get(0);
        assertTrue(pause >= Duration.ofSeconds(1).toNanos(), "the second START waited the 1 s back-off, not "
                + Duration.ofNanos(pause).toMillis() + " ms");
    }

    @Test
    void aShutdownDuringAWakeInterruptsItAndStopsWhatItMayHaveStarted() throws Exception {
        SleepingService service = service(Duration.ofMinutes(10));
        backend.holdStarts();
        Socket client = connect(service);
        await("waking", () -> backend.count("start") == 1);

        service.shutdown(System.nanoTime() + Duration.ofMillis(500).toNanos(), StopReason.SHUTDOWN, "the daemon is stopping");

        assertTrue(backend.events.contains("start interrupted"), backend.events.toString());
        assertEquals(1, backend.count("stop"), "the backend the interrupted START may have started is stopped");
        assertEquals("asleep", state(service));
        assertCut(client);
    }

    @Test
    void aStartThatFailsAfterStartingTheBackendHasItStoppedBeforeTheServiceIsAsleep() throws Exception {
        SleepingService service = service(Duration.ofMinutes(10));
        backend.failAfterStarting();
        Socket client = connect(service);
        assertCut(client);

        await("asleep after the failed wake", () -> state(service).equals("asleep"));
        assertEquals(List.of("start", "started", "start failed", "stop"), backend.events);
        assertFalse(backend.listening(), "the server the failed START opened is closed");
    }

    @Test
    void aConnectionWhoseWakeFailsAtOnceIsClosedWithoutASecondStart() throws Exception {
        SleepingService service = service(Duration.ofMinutes(10));
        backend.failAfterStarting(); // fails (and is undone) at once: over, maybe, before its connection looks again
        for (int i = 0; i < 2; i++) {
            assertCut(connect(service));
            await("asleep after the failed wake", () -> state(service).equals("asleep"));
            assertEquals(i + 1, backend.count("start"), "one START per connection: " + backend.events);
        }
    }

    @Test
    void aStartThatSaysItStartedNothingIsNotFollowedByAStop() throws Exception {
        SleepingService service = service(Duration.ofMinutes(10));
        backend.failBeforeStarting();
        Socket client = connect(service);
        assertCut(client);

        await("asleep after the failed wake", () -> state(service).equals("asleep"));
        service.shutdown(System.nanoTime(), StopReason.SHUTDOWN, "the daemon is stopping");
        assertEquals(List.of("start", "started nothing"), backend.events, "no stop, after the wake nor at shutdown");
    }

    @Test
    void aFailedWakeThatStartedNothingStillStopsWhatAnEarlierStartLeftRunning() throws Exception {
        SleepingService service = service(Duration.ofMinutes(10), Duration.ofSeconds(5));
        backend.neverAccept();
        assertCut(connect(service)); // WAKE_TIMEOUT passed without an accept: started, not accepting
        backend.failBeforeStarting();
        assertCut(connect(service)); // refused, so it wakes the service again, and that START fails

        await("asleep", () -> state(service).equals("asleep"));
        assertEquals(List.of("start", "started", "start", "started nothing", "stop"), backend.events);
    }

    @Test
    void aBackendThatStartedButNeverAcceptedIsNotReportedAwakeYetIsStoppedWhenIdle() throws Exception {
        SleepingService service = service(Duration.ofSeconds(1), Duration.ofSeconds(1));
        backend.neverAccept();
        Socket client = connect(service);
        assertCut(client); // WAKE_TIMEOUT passed without an accept

        assertEquals("started, not accepting", state(service));
        await("the idle stop of what START started", () -> {
            service.checkIdle();
            return state(service).equals("asleep");
        });
        assertEquals(1, backend.count("stop"));
    }

    @Test
    void aStartedBackendThatThenRefusedConnectionsIsStoppedWhenIdleThoughTheServiceIsAsleep() throws Exception {
        // WAKE_TIMEOUT shorter than the back-off after the refusal: the second client gives up before a new wake.
        SleepingService service = service(Duration.ofSeconds(1), Duration.ofMillis(500));
        backend.neverAccept();
        assertCut(connect(service)); // started, not accepting
        assertCut(connect(service)); // refused: asleep, owing the stop of what START started
        assertEquals("asleep", state(service));

        await("the idle stop of what START started", () -> {
            service.checkIdle();
            return backend.count("stop") > 0;
        });

        assertEquals(List.of("start", "started", "stop"), backend.events);
    }

    @Test
    void aServiceThatReplacesAnotherWakesOnlyOnceThatOneHasStopped() throws Exception {
        SleepingService service = service(Duration.ofMinutes(10));
        CompletableFuture<Void> predecessorStopped = new CompletableFuture<>();
        service.replaces(predecessorStopped);
        Socket client = connect(service);
        client.getOutputStream().write("waits".getBytes(US_ASCII));
        Thread.sleep(300);
        assertEquals(0, backend.count("start"), "no START while the old service may still be stopping the backend");

        predecessorStopped.complete(null);

        assertReads(client, "waits");
        assertEquals(1, backend.count("start"));
    }

    @Test
    void aServiceThatAReloadReplacedTwiceHandsItsConnectionToTheLastWhoseIdleStopWaitsForIt() throws Exception {
        SleepingService first = service(Duration.ofSeconds(1));
        Socket client = connect(first);
        assertEchoes(client, "wake up");
        SleepingService second = service(Duration.ofSeconds(1));
        SleepingService third = service(Duration.ofSeconds(1));

        assertTrue(first.handOver(second));
        assertTrue(second.handOver(third));
        checkIdleFor(third, Duration.ofMillis(2500)); // well past IDLE_TIME, with the first service's connection open

        assertEquals(0, backend.count("stop"), "no stop while the connection is open: " + backend.events);
        assertEquals(1, third.status().relayed() + third.status().held());
        assertEchoes(client, "still there");
        client.close();
        await("the last service's idle stop once the connection ended", () -> {
            third.checkIdle();
            return backend.count("stop") == 1;
        });
        assertEquals(1, backend.count("start"), "woken once, by the first");
    }

    @Test
    void aShutdownGivesAConnectionTakenOverWithTheBackendItsGracePeriod() throws Exception {
        SleepingService first = service(Duration.ofMinutes(10));
        Socket client = connect(first);
        assertEchoes(client, "wake up");
        SleepingService second = service(Duration.ofMinutes(10));
        assertTrue(first.handOver(second));

        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> {
            try {
                second.shutdown(System.nanoTime() + Duration.ofSeconds(30).toNanos(), StopReason.SHUTDOWN, "the daemon is stopping");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);

        assertFalse(shutdown.isDone(), "the shutdown waits for the connection it took over");
        assertEchoes(client, "finishing");
        client.close();
        shutdown.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(1, backend.count("stop"), "the backend is stopped once, by the service that took it over");
    }

    @Test
    void aServiceThatIsNotAwakeHandsNothingOver() throws Exception {
        SleepingService first = service(Duration.ofMinutes(10));
        SleepingService second = service(Duration.ofMinutes(10));

        assertFalse(first.handOver(second));
        assertEquals("asleep", state(second));
    }

    private SleepingService service(Duration idleTime) {
        return service(idleTime, WAKE_TIMEOUT);
    }

    private SleepingService service(Duration idleTime, Duration wakeTimeout) {
        ServiceConfig config = new ServiceConfig("web", new Origin(Path.of("test.conf"), 1), true, 0, List.of(),
                wakeTimeout, idleTime, Duration.ofSeconds(1), "echo", Optional.empty(), Map.of(), Map.of());
        return new SleepingService(config, backend, Optional.empty(), loops);
    }

    /** A client connected through the test's front socket; the service is given the accepted side. */
    private Socket connect(SleepingService service) throws IOException {
        Socket client = new Socket(LOOPBACK, ((InetSocketAddress) front.getLocalAddress()).getPort());
        client.setSoTimeout((int) WAKE_TIMEOUT.toMillis());
        clients.add(client);
        service.admit(front.accept());
        return client;
    }

    /** The idle monitor's part, played by the test: an idle check every 100 ms for {@code time}. */
    private static void checkIdleFor(SleepingService service, Duration time) throws InterruptedException {
        long until = System.nanoTime() + time.toNanos();
        while (System.nanoTime() < until) {
            service.checkIdle();
            Thread.sleep(100);
        }
    }

    private static String state(SleepingService service) {
        return service.status().state();
    }

    private static void assertEchoes(Socket client, String text) throws IOException {
        client.getOutputStream().write(text.getBytes(US_ASCII));
        assertReads(client, text);
    }

    private static void assertReads(Socket client, String text) throws IOException {
        byte[] expected = text.getBytes(US_ASCII);
        assertArrayEquals(expected, client.getInputStream().readNBytes(expected.length));
    }

    /** The daemon closed the connection without serving it. */
    private static void assertCut(Socket client) throws IOException {
        InputStream in = client.getInputStream();
        try {
            assertEquals(-1, in.read(), "nothing served");
        } catch (SocketException reset) {
            // cut with a reset: as expected
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for: " + what);
            Thread.sleep(20);
        }
    }

    private static ServerSocketChannel openFront() {
        try {
            return ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
