package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Socket activation, with systemd's own {@code systemd-socket-activate}: it binds the ports, waits
 * for the first connection, then starts the daemon with the sockets (LISTEN_FDS), as systemd does
 * for sleepingd.socket. The port is held by systemd-socket-activate from the start, so a daemon that
 * bound it itself would fail with "address in use": every answer below came through the socket it
 * was given. The booted-systemd test of the packaged units is SystemdIT in the jlink module.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SocketActivationIT {
    @TempDir
    Path dir;

    private String service(String name, int port, TestBackend backend) {
        return """
                [%s]
                BIND=127.0.0.1
                PORT=%d
                START_CMD="echo ${LISTEN_FDS:-none} ${NOTIFY_SOCKET:-none} >> %s/environment; echo %s"
                """.formatted(name, port, dir, backend.address());
    }

    private static List<String> activate(int... ports) {
        List<String> command = new java.util.ArrayList<>(List.of("systemd-socket-activate"));
        for (int port : ports) {
            command.addAll(List.of("--listen=127.0.0.1:" + port));
        }
        return command;
    }

    @Test
    void theConnectionThatStartsTheDaemonIsServedOnTheSocketSystemdHolds() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service("web", port, backend)).launchThrough(activate(port))) {
            daemon.awaitLog("Listening on 127.0.0.1:" + port, Duration.ofSeconds(30)); // systemd-socket-activate's
            String answer = Client.exchange(port, "first"); // queued by the kernel until the daemon accepts it

            assertAll(
                    () -> assertEquals("echo:first", answer),
                    () -> assertTrue(daemon.process().isAlive(), daemon.log()));
        }
    }

    @Test
    void servicesWithoutASocketFromSystemdBindTheirOwnBesideOneThatHasOne() throws Exception {
        int given = DaemonHarness.freePort();
        int own = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service("given", given, backend) + service("own", own, backend))
                     .launchThrough(activate(given))) {
            daemon.awaitLog("Listening on 127.0.0.1:" + given, Duration.ofSeconds(30));
            assertEquals("echo:one", Client.exchange(given, "one"));

            assertEquals("echo:two", Client.exchange(own, "two"));
        }
    }

    @Test
    void aServiceThatAReloadRemovesAndAddsBackTakesItsSocketAgain() throws Exception {
        int port = DaemonHarness.freePort();
        int other = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service("web", port, backend) + service("other", other, backend))
                     .launchThrough(activate(port))) {
            daemon.awaitLog("Listening on 127.0.0.1:" + port, Duration.ofSeconds(30)); // systemd-socket-activate's
            assertEquals("echo:before", Client.exchange(port, "before"));
            Files.writeString(daemon.config, "VARRUN_PATH=" + dir.resolve("run") + "\n" + service("other", other, backend));
            DaemonHarness.Cli removal = daemon.cli("reload");
            assertEquals(0, removal.exitStatus(), daemon.log());
            assertTrue(removal.out().contains("warning: the socket systemd passed on for 127.0.0.1:" + port
                    + " matches no active service's PORT and BIND"), "its connections would wait: " + removal.out());
            Files.writeString(daemon.config, "VARRUN_PATH=" + dir.resolve("run") + "\n" + service("web", port, backend)
                    + service("other", other, backend));

            DaemonHarness.Cli reload = daemon.cli("reload");

            assertEquals(0, reload.exitStatus(), reload.out() + reload.err() + daemon.log());
            assertEquals("echo:after", Client.exchange(port, "after"));
        }
    }

    @Test
    void commandsDoNotSeeTheSocketsOrTheNotifySocketMeantForTheDaemon() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service("web", port, backend))
                     .launchThrough(List.of("systemd-socket-activate", "--listen=127.0.0.1:" + port,
                             "--setenv=NOTIFY_SOCKET=/nonexistent/notify"))) {
            daemon.awaitLog("Listening on 127.0.0.1:" + port, Duration.ofSeconds(30));
            assertEquals("echo:hi", Client.exchange(port, "hi"));

            assertEquals(List.of("none none"), Files.readAllLines(dir.resolve("environment")));
        }
    }
}
