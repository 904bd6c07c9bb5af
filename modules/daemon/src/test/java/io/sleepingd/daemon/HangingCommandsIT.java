package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands that never end cannot keep the daemon, or anything they started, alive: a stop waits for a
 * hanging idle stop only so long, and a killed command leaves no process behind, not even one it
 * double-forked into a session of its own. Real daemon, real processes (found by a unique argument).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class HangingCommandsIT {
    @TempDir
    Path dir;

    /** A sleep no other process on the machine runs: its argument is unique to this test. */
    private final String marker = "7777." + ThreadLocalRandom.current().nextInt(100_000, 1_000_000);

    @Test
    void aStopDuringAHangingIdleStopEndsAndKillsTheStopCommand() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, """
                     SHUTDOWN_GRACE=1
                     [Hangs on stop]
                     BIND=127.0.0.1
                     PORT=%d
                     START_CMD="echo %s"
                     STOP_CMD="sleep %s"
                     STOP_CMD_TIMEOUT=100000
                     IDLE_TIME=1
                     IDLE_CHECK_INTERVAL=1
                     """.formatted(port, backend.address(), marker)).startForeground()) {
            assertEquals("echo:a", Client.exchange(port, "a"));
            daemon.await("the idle stop's command", Duration.ofSeconds(30), () -> !processesRunning(marker).isEmpty());

            DaemonHarness.Cli stop = daemon.cli("stop");

            assertEquals(0, stop.exitStatus(), stop.err());
            assertEquals(List.of(), processesRunning(marker), "the STOP_CMD's process, killed");
        }
    }

    @Test
    void aStartCmdKilledAtWakeTimeoutLeavesNoDoubleForkedProcessBehind() throws Exception {
        int port = DaemonHarness.freePort();
        try (DaemonHarness daemon = DaemonHarness.with(dir, """
                     [Double fork]
                     BIND=127.0.0.1
                     PORT=%d
                     START_CMD="( setsid sleep %s & ); sleep 1000"
                     STOP_CMD=true
                     WAKE_TIMEOUT=2
                     """.formatted(port, marker)).startForeground()) {
            assertEquals("", Client.exchangeOrClosed(port, "wake"), "the wake fails at WAKE_TIMEOUT");
            daemon.await("the wake to be over", Duration.ofSeconds(30),
                    () -> daemon.state("Double fork").equals("asleep"));

            daemon.await("the double-forked sleep to be killed", Duration.ofSeconds(10),
                    () -> processesRunning(marker).isEmpty());
        }
    }

    /** The pids of processes whose command line holds {@code argument}. */
    private static List<Long> processesRunning(String argument) {
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(process -> process.info().arguments().map(List::of).orElse(List.of()).contains(argument))
                    .map(ProcessHandle::pid).toList();
        }
    }
}
