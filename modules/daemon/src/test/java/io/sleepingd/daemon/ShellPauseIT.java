package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SLEEP_MODE=pause for the shell provider, with a real server (busybox httpd) that START_CMD starts:
 * the idle stop freezes it (SIGSTOP, state T in /proc), and the next connection thaws it (SIGCONT)
 * instead of running START_CMD again.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShellPauseIT {
    @TempDir
    Path dir;

    /** START_CMD starts httpd in the background, notes it in {@code events} and its pid in {@code pid}. */
    private String service(int port, int backend, String printed, String extra) throws Exception {
        Files.writeString(dir.resolve("index.html"), "up\n");
        return """
                [Frozen]
                BIND=127.0.0.1
                PORT=%d
                START_CMD='echo start >> %s/events; busybox httpd -f -p 127.0.0.1:%d -h %s >/dev/null 2>&1 & echo $! > %s/pid; echo %s'
                SLEEP_MODE=pause
                IDLE_TIME=1
                IDLE_CHECK_INTERVAL=1
                %s
                """.formatted(port, dir, backend, dir, dir, printed, extra);
    }

    @Test
    void thePidStartCmdPrintedIsFrozenWhenIdleAndThawedForTheNextConnection() throws Exception {
        int port = DaemonHarness.freePort();
        int backend = DaemonHarness.freePort();
        try (DaemonHarness daemon = DaemonHarness.with(dir, service(port, backend, "127.0.0.1 " + backend + " $!", ""))
                .startForeground()) {
            pausedAndResumed(daemon, port);
        }
    }

    @Test
    void theProcessInPausePidfileIsFrozenWhenIdleAndThawedForTheNextConnection() throws Exception {
        int port = DaemonHarness.freePort();
        int backend = DaemonHarness.freePort();
        try (DaemonHarness daemon = DaemonHarness.with(dir, service(port, backend, "127.0.0.1 " + backend,
                "PAUSE_PIDFILE=" + dir.resolve("pid"))).startForeground()) {
            pausedAndResumed(daemon, port);
        }
    }

    private void pausedAndResumed(DaemonHarness daemon, int port) throws Exception {
        assertEquals("up", page(port));
        long pid = Long.parseLong(Files.readString(dir.resolve("pid")).strip());

        daemon.await("the server to be frozen", Duration.ofSeconds(30), () -> state(pid).equals("T"));
        daemon.await("the service to be asleep", Duration.ofSeconds(30), () -> daemon.state("Frozen").equals("asleep"));

        assertEquals("up", page(port), "served by the same server, thawed");
        assertFalse(state(pid).equals("T"), "running again");
        assertEquals(List.of("start"), Files.readAllLines(dir.resolve("events")), "START_CMD ran once");
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
    }

    private static String page(int port) throws Exception {
        String answer = Client.exchange(port, "GET /index.html HTTP/1.0\r\n\r\n");
        return answer.substring(answer.indexOf("\r\n\r\n") + 4).strip();
    }

    /** The process's state letter in /proc (T: stopped by a signal). */
    private static String state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        } catch (Exception e) {
            return "gone";
        }
    }
}
