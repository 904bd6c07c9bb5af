package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** With USER set, every command (START, IDLE and STOP included) runs as that user. */
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

    private static List<String> lines(Path shared) {
        try {
            Path events = shared.resolve("events");
            return Files.exists(events) ? Files.readAllLines(events) : List.of();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
