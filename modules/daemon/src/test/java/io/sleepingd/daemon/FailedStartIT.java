package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code start} whose daemon exits instead of running shows what that daemon logged: only the
 * lines of this start, and at most the last 64 KiB of them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FailedStartIT {
    private static final String IT_LOGGED = "it logged:\n";

    @TempDir
    Path dir;

    @Test
    void aFailedStartShowsWhatItsDaemonLoggedWithoutReadingTheOldLog() throws Exception {
        Path log = Files.createDirectory(dir.resolve("run"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------"))).resolve("sleepingd.log");
        try (RandomAccessFile old = new RandomAccessFile(log.toFile(), "rw")) {
            old.setLength(3L << 30); // 3 GiB (sparse): more than one Java array can hold
            old.seek(old.length());
            old.write("a line from an earlier run\n".getBytes(StandardCharsets.UTF_8));
        }
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             DaemonHarness daemon = DaemonHarness.with(dir, service(taken.getLocalPort()))) {

            DaemonHarness.Cli start = daemon.cli("start");

            assertEquals(1, start.exitStatus(), start.err());
            String shown = start.err().substring(start.err().indexOf(IT_LOGGED) + IT_LOGGED.length());
            assertTrue(shown.contains("cannot listen on 127.0.0.1 port " + taken.getLocalPort()), start.err());
            assertFalse(shown.contains("earlier run"), start.err());
        }
    }

    @Test
    void aRunDirectoryThatCannotBeCreatedIsNamedWithTheReason() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "");
        Path config = Files.writeString(dir.resolve("sleepingd.conf"), "VARRUN_PATH=" + file.resolve("run")
                + "\n[web]\nBIND=127.0.0.1\nPORT=" + DaemonHarness.freePort() + "\n");

        DaemonHarness.Cli start = DaemonHarness.run(dir, DaemonHarness.command("start", "-f", config.toString()));

        assertEquals(1, start.exitStatus(), start.out() + start.err());
        assertTrue(start.err().contains("run directory " + file.resolve("run") + " (VARRUN_PATH) cannot be created: "
                + file), start.err());
    }

    @Test
    void startWithNoActiveServiceFailsSayingSoAndLeavesNoDaemon() throws Exception {
        try (DaemonHarness daemon = DaemonHarness.with(dir, "[web]\nACTIVE=no\nPORT=" + DaemonHarness.freePort() + "\n")) {

            DaemonHarness.Cli start = daemon.cli("start");

            assertEquals(1, start.exitStatus(), start.out() + start.err());
            assertTrue(start.err().contains("the configuration has no active service"), start.err());
            assertEquals(Main.NOT_RUNNING, daemon.cli("status").exitStatus(), "no daemon left running");
        }
    }

    @Test
    void aFailedStartShowsOnlyTheLast64KiBOfWhatItsDaemonLogged() throws Exception {
        // 100 services without PORT, each warned about with its 1000-character name: 100 KiB of log
        StringBuilder configuration = new StringBuilder();
        for (int i = 100; i < 200; i++) {
            configuration.append('[').append(i).append("x".repeat(1000)).append("]\n");
        }
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            configuration.append(service(taken.getLocalPort()));
            try (DaemonHarness daemon = DaemonHarness.with(dir, configuration.toString())) {
                Path log = dir.resolve("run").resolve("sleepingd.log");

                DaemonHarness.Cli start = daemon.cli("start");

                assertEquals(1, start.exitStatus(), start.err());
                String shown = start.err().substring(start.err().indexOf(IT_LOGGED) + IT_LOGGED.length());
                assertTrue(shown.startsWith("[... only the last 64 KiB shown; the rest is in " + log + "]\n"), shown);
                assertTrue(shown.length() <= 64 * 1024 + 200, "shown: " + shown.length() + " characters");
                assertFalse(shown.contains("'100xxx"), "the first service's warning is cut");
                assertTrue(shown.contains("'199xxx"), "the last service's warning is shown");
                assertTrue(shown.contains("cannot listen on 127.0.0.1 port " + taken.getLocalPort()), shown);
            }
        }
    }

    private static String service(int port) {
        return """
                [Web app]
                BIND=127.0.0.1
                PORT=%d
                """.formatted(port);
    }
}
