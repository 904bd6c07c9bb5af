package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The original README's section 4.1 example, end to end with the real netcat it uses and the real
 * curl its README uses (run-tests installs both): the shipped example from examples/ keeps that
 * README's promise, and the original's literal line behaves as docs/configuration.md says. Only
 * their two fixed ports are swapped for free ones.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OriginalExampleIT {
    /** The original README's line, as docs/configuration.md quotes it. */
    private static final String ORIGINAL_START_CMD = "START_CMD=\"( echo -e 'Response from 8080: $(date)' | nc -l -p 8080"
            + " -w 1 > /dev/null 2> /dev/null & ) ; echo '127.0.0.1 8080'\"\n";

    @TempDir
    Path dir;

    @Test
    void theShippedExampleWakesItsBackendAndCurlGetsTheDateItWasStarted() throws Exception {
        String example = Files.readString(Path.of(System.getProperty("sleepingd.examples"), "simple-web-server.conf"));
        int port = DaemonHarness.freePort();
        try (DaemonHarness daemon = DaemonHarness.with(dir, withFreePorts(example, port)).startForeground()) {
            DaemonHarness.Cli curl = DaemonHarness.run(dir, curl(port));

            assertAll(
                    () -> assertEquals(0, curl.exitStatus(), curl.err()),
                    () -> assertTrue(curl.out().matches("Response from 8080: \\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\S+ \\d{4}\\n"),
                            curl.out()));
        }
    }

    @Test
    void theOriginalsLiteralLineAnswersWithoutAStatusLineWhichCurlRefuses() throws Exception {
        String original = "[Simple web server for testing purposes]\nPORT=10080\n" + ORIGINAL_START_CMD;
        int port = DaemonHarness.freePort();
        try (DaemonHarness daemon = DaemonHarness.with(dir, withFreePorts(original, port)).startForeground()) {
            DaemonHarness.Cli curl = DaemonHarness.run(dir, curl(port));

            assertAll(
                    () -> assertEquals(1, curl.exitStatus(), curl.out()),
                    () -> assertTrue(curl.err().contains("Received HTTP/0.9 when not allowed"), curl.err()));
        }
    }

    private static String withFreePorts(String example, int port) throws Exception {
        int backendPort = DaemonHarness.freePort();
        return "BIND=127.0.0.1\n" + example
                .replace("PORT=10080", "PORT=" + port)
                .replace("-p 8080", "-p " + backendPort)
                .replace("'127.0.0.1 8080'", "'127.0.0.1 " + backendPort + "'");
    }

    private static List<String> curl(int port) {
        return List.of("curl", "--silent", "--show-error", "--max-time", "30", "http://127.0.0.1:" + port + "/");
    }
}
