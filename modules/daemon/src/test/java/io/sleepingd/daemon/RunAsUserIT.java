package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * With USER set, every command (START, IDLE and STOP included) runs as that user, or the daemon says
 * why it cannot; a daemon that is not root switches with ambient capabilities, which the command
 * does not keep.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RunAsUserIT {
    @TempDir
    Path dir;

    @Test
    void everyCommandRunsAsTheConfiguredUser() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "switching users needs root (CI runs as root)");
        // A folder the user 'nobody' may write into, inside the test's private folder.
        Path shared = Files.createDirectory(dir.resolve("shared"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, """
                     [As nobody]
                     BIND=127.0.0.1
                     PORT=%d
                     USER=nobody
                     START_CMD="echo start $(id -un) >> %s/events; echo %s"
                     IDLE_CMD="echo idle $(id -un) >> %s/events"
                     STOP_CMD="echo stop $(id -un) >> %s/events"
                     IDLE_TIME=1
                     IDLE_CHECK_INTERVAL=1
                     """.formatted(port, shared, backend.address(), shared, shared)).startForeground()) {
            assertEquals("echo:hi", Client.exchange(port, "hi"));
            daemon.await("STOP_CMD", Duration.ofSeconds(15), () -> lines(shared).contains("stop nobody"));
            List<String> events = lines(shared);
            assertEquals("start nobody", events.getFirst());
            assertEquals(List.of("idle nobody"), events.stream().filter(e -> e.startsWith("idle")).distinct().toList());
        }
    }

    @Test
    void aDaemonThatMayNotSwitchUsersRefusesToStartAServiceWithAnotherUser() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "running the daemon as nobody needs root (CI runs as root)");
        Nobody.prepare(dir);
        Path config = DaemonHarness.with(dir, """
                [As daemon]
                BIND=127.0.0.1
                PORT=%d
                USER=daemon
                START_CMD="echo 127.0.0.1 1"
                """.formatted(DaemonHarness.freePort())).config;

        DaemonHarness.Cli run = DaemonHarness.run(dir, concat(Nobody.setpriv(), DaemonHarness.command("run", "-f", config.toString())));

        assertEquals(1, run.exitStatus(), run.out() + run.err());
        assertTrue(run.err().contains(config + ":5: service 'As daemon': USER 'daemon' is out of reach: the daemon runs"
                + " as uid 65534 without CAP_SETUID and CAP_SETGID"), run.err());
    }

    @Test
    void aDaemonWithSetuidAsAnAmbientCapabilityRunsCommandsAsTheUserWithNoCapabilityLeft() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "running the daemon as nobody needs root (CI runs as root)");
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        int port = DaemonHarness.freePort();
        Nobody.prepare(dir);
        try (TestBackend backend = TestBackend.echo()) {
            String services = """
                    [As daemon]
                    BIND=127.0.0.1
                    PORT=%d
                    USER=daemon
                    START_CMD="echo start $(id -un) >> %s/events; grep -E '^Cap(Eff|Prm|Amb)' /proc/self/status >> %s/events; echo %s"
                    """.formatted(port, shared, shared, backend.address());
            // What the systemd unit with the drop-in run-as-users.conf gives: an ordinary user with ambient capabilities.
            List<String> withCapabilities = Nobody.setpriv("--inh-caps=+setuid,+setgid", "--ambient-caps=+setuid,+setgid");
            try (DaemonHarness daemon = DaemonHarness.with(dir, services).startForegroundThrough(withCapabilities,
                    List.of())) {
                assertEquals("echo:hi", Client.exchange(port, "hi"));
            }
            assertEquals(List.of("start daemon", "CapPrm:\t0000000000000000", "CapEff:\t0000000000000000",
                    "CapAmb:\t0000000000000000"), lines(shared));
        }
    }

    @Test
    void aDaemonWithSetuidAsAnAmbientCapabilityRunsTheCommandsOfAServiceWithoutUserWithNoneOfIt() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "running the daemon as nobody needs root (CI runs as root)");
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Nobody.prepare(dir);
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo()) {
            String services = """
                    [Own user]
                    BIND=127.0.0.1
                    PORT=%d
                    START_CMD="grep -E '^Cap(Eff|Amb)' /proc/self/status >> %s/events; echo %s"
                    """.formatted(port, shared, backend.address());
            // The drop-in run-as-users.conf: the daemon's ambient capabilities, beside the one to bind low ports.
            List<String> withCapabilities = Nobody.setpriv("--inh-caps=+setuid,+setgid,+kill,+net_bind_service",
                    "--ambient-caps=+setuid,+setgid,+kill,+net_bind_service");
            try (DaemonHarness daemon = DaemonHarness.with(dir, services).startForegroundThrough(withCapabilities,
                    List.of())) {
                assertEquals("echo:hi", Client.exchange(port, "hi"));
            }
            assertEquals(List.of("CapEff:\t0000000000000400", "CapAmb:\t0000000000000400"), lines(shared),
                    "CAP_NET_BIND_SERVICE alone");
        }
    }

    @Test
    void rootControlsADaemonRunningAsAnotherUserWhoseRunDirectoryOnlyRootCouldHaveMade() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "running the daemon as nobody needs root (CI runs as root)");
        Nobody.prepare(dir); // the run directory is nobody's, in the test's folder, which is root's and 0755
        int port = DaemonHarness.freePort();
        try (DaemonHarness daemon = DaemonHarness.with(dir, "[web]\nBIND=127.0.0.1\nPORT=" + port + "\n")
                .startForegroundThrough(Nobody.setpriv(), List.of())) {
            DaemonHarness.Cli status = daemon.cli("status");
            DaemonHarness.Cli stop = daemon.cli("stop");

            assertAll(
                    () -> assertEquals(0, status.exitStatus(), status.out() + status.err()),
                    () -> assertTrue(status.out().contains("web"), status.out()),
                    () -> assertEquals(0, stop.exitStatus(), stop.out() + stop.err()),
                    () -> assertEquals(0, daemon.awaitExit(Duration.ofSeconds(60))));
        }
    }

    @Test
    void rootDoesNotTrustARunDirectoryOfAnotherUserInAFolderThatUserCouldWriteTo() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "the check is root's (CI runs as root)");
        Path folder = Files.createDirectory(dir.resolve("nobodys"));
        Path run = Files.createDirectory(folder.resolve("run"));
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwx------"));
        for (Path path : List.of(folder, run)) {
            Files.setAttribute(path, "unix:uid", Nobody.UID);
        }

        DaemonHarness.Cli status = DaemonHarness.run(dir, DaemonHarness.command("status", "--run-dir", run.toString()));

        assertAll(
                () -> assertEquals(1, status.exitStatus(), status.out() + status.err()),
                () -> assertTrue(status.err().contains("belongs to uid 65534, not to uid 0"), status.err()));
    }


    @Test
    void rootDoesNotFollowAControlSocketThatIsALinkInARunDirectoryOfAnotherUser() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "the check is root's (CI runs as root)");
        Path run = Nobody.prepare(dir); // trusted as a directory: nobody's, in a folder only root can write to
        Files.createSymbolicLink(run.resolve("control.sock"), dir.resolve("elsewhere.sock"));

        DaemonHarness.Cli status = DaemonHarness.run(dir, DaemonHarness.command("status", "--run-dir", run.toString()));

        assertAll(
                () -> assertEquals(1, status.exitStatus(), status.out() + status.err()),
                () -> assertTrue(status.err().contains("control.sock is not a socket; it is not trusted"), status.err()));
    }

    private static List<String> concat(List<String> first, List<String> then) {
        List<String> all = new ArrayList<>(first);
        all.addAll(then);
        return all;
    }

    private static List<String> lines(Path shared) {
        try {
            Path events = shared.resolve("events");
            return Files.exists(events) ? Files.readAllLines(events) : List.of();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
