package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The original README's section 4.1 example, from examples/, end to end with the real netcat it
 * uses (.ci/run installs netcat-openbsd). Only its two fixed ports are swapped for free ones.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OriginalExampleIT {
    @TempDir
    Path dir;

    @Test
    void theSimpleWebServerExampleIsStartedOnDemandAndAnswers() throws Exception {
        String example = Files.readString(Path.of(System.getProperty("sleepingd.examples"), "simple-web-server.conf"));
        int port = DaemonHarness.freePort();
        int backendPort = DaemonHarness.freePort();
        String configuration = "BIND=127.0.0.1\n" + example
                .replace("PORT=10080", "PORT=" + port)
                .replace("-p 8080", "-p " + backendPort)
                .replace("'127.0.0.1 8080'", "'127.0.0.1 " + backendPort + "'");
        try (DaemonHarness daemon = DaemonHarness.with(dir, configuration).startForeground()) {
            String answer = Client.exchange(port, "GET / HTTP/1.0\r\n\r\n");
            assertTrue(answer.contains("Response from 8080: "), answer);
            // nc -w 1 served its one connection and is gone; the example's point is the next wake.
            daemon.awaitLog("awake", java.time.Duration.ofSeconds(5));
            assertEquals(1, daemon.log().split("waking the backend", -1).length - 1);
        }
    }
}
