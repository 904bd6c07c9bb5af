package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin endpoint (ADMIN_ADDRESS) with the real clients: Prometheus scrapes it and is asked through
 * its own HTTP API, promtool checks its metrics, curl reads /healthz and /status, and jq parses the JSON.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AdminEndpointIT {
    @TempDir
    Path dir;

    private String configuration(int admin, int port, TestBackend backend) {
        return """
                ADMIN_ADDRESS=127.0.0.1:%d
                [Metered]
                BIND=127.0.0.1
                PORT=%d
                START_CMD="echo %s"
                IDLE_TIME=1
                IDLE_CHECK_INTERVAL=1
                """.formatted(admin, port, backend.address());
    }

    @Test
    void prometheusSeesAWakeAndAnIdleStop() throws Exception {
        int admin = DaemonHarness.freePort();
        int port = DaemonHarness.freePort();
        int prometheusPort = DaemonHarness.freePort();
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: sleepingd
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(admin));
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, configuration(admin, port, backend)).startForeground();
             Prometheus prometheus = Prometheus.start(dir, prometheusPort)) {
            String asleep = "sleepingd_service_state{service=\"Metered\",state=\"asleep\"}";
            daemon.await("Prometheus to see the service asleep", Duration.ofSeconds(60),
                    () -> prometheus.query(asleep).equals("1"));

            try (Socket client = new Socket()) {
                client.connect(new InetSocketAddress("127.0.0.1", port)); // wakes it, and keeps it awake while open
                client.getOutputStream().write('x');
                daemon.await("Prometheus to see the wake", Duration.ofSeconds(60),
                        () -> prometheus.query("sleepingd_wakes_total{service=\"Metered\",outcome=\"success\"}").equals("1")
                                && prometheus.query("sleepingd_service_state{service=\"Metered\",state=\"awake\"}").equals("1"));
            }
            daemon.await("Prometheus to see the idle stop", Duration.ofSeconds(60),
                    () -> prometheus.query(asleep).equals("1")
                            && prometheus.query("sleepingd_stops_total{service=\"Metered\",reason=\"idle\"}").equals("1"));
            assertEquals("1", prometheus.query("sleepingd_bytes_total{service=\"Metered\",direction=\"to_backend\"}"));
        }
    }

    @Test
    void promtoolAcceptsTheMetricsOfAServiceThatWoke() throws Exception {
        int admin = DaemonHarness.freePort();
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, configuration(admin, port, backend)).startForeground()) {
            assertEquals("echo:wake", Client.exchange(port, "wake"));
            String metrics = run(List.of("curl", "-sf", "http://127.0.0.1:" + admin + "/metrics"), "").out();

            Result check = run(List.of("promtool", "check", "metrics"), metrics);

            assertAll(
                    () -> assertEquals(0, check.exitStatus(), check.out()),
                    () -> assertTrue(metrics.contains("sleepingd_wakes_total{service=\"Metered\",outcome=\"success\"} 1\n"),
                            metrics),
                    () -> assertTrue(metrics.contains("sleepingd_wake_duration_seconds_count{service=\"Metered\"} 1\n"),
                            metrics),
                    () -> assertTrue(metrics.contains("sleepingd_build_info{version="), metrics),
                    () -> assertTrue(metrics.contains("\nprocess_open_fds "), metrics));
        }
    }

    @Test
    void healthzIsOkWhileEveryServiceListens() throws Exception {
        int admin = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, configuration(admin, DaemonHarness.freePort(), backend))
                     .startForeground()) {
            Result health = run(List.of("curl", "-s", "-w", "%{http_code}", "http://127.0.0.1:" + admin + "/healthz"), "");

            assertEquals("ok\n200", health.out().strip());
        }
    }

    @Test
    void healthzIs503NamingAServiceThatDoesNotListen() throws Exception {
        int admin = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, configuration(admin, DaemonHarness.freePort(), backend) + """
                     [Unserved]
                     PORT=%d
                     PROVIDER=not-installed
                     """.formatted(DaemonHarness.freePort())).startForeground()) {
            Result health = run(List.of("curl", "-s", "-w", "%{http_code}", "http://127.0.0.1:" + admin + "/healthz"), "");

            assertTrue(health.out().strip().endsWith("\n503"), health.out());
            assertTrue(health.out().startsWith("unhealthy: not listening for 'Unserved'"), health.out());
        }
    }

    @Test
    void statusPathServesTheJsonOfStatus() throws Exception {
        int admin = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, configuration(admin, DaemonHarness.freePort(), backend))
                     .startForeground()) {
            String json = run(List.of("curl", "-sf", "http://127.0.0.1:" + admin + "/status"), "").out();

            assertAll(
                    () -> assertEquals("Metered", DaemonHarness.jq(json, ".services[0].name")),
                    () -> assertEquals("asleep", DaemonHarness.jq(json, ".services[0].state")),
                    () -> assertEquals(daemon.statusField("Metered", "port"), DaemonHarness.jq(json, ".services[0].port")));
        }
    }

    @Test
    void theEndpointAnswersNothingButGetOnItsPaths() throws Exception {
        int admin = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, configuration(admin, DaemonHarness.freePort(), backend))
                     .startForeground()) {
            String base = "http://127.0.0.1:" + admin;
            assertAll(
                    () -> assertEquals("405", run(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X",
                            "POST", base + "/metrics"), "").out()),
                    () -> assertEquals("404", run(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                            base + "/metrics/more"), "").out()),
                    () -> assertEquals("404", run(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                            base + "/"), "").out()));
        }
    }

    private record Result(int exitStatus, String out) {
    }

    private static Result run(List<String> command, String input) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var in = process.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), command + " finished");
        return new Result(process.exitValue(), out);
    }

    /** A real Prometheus server on a loopback port, its data in the test's folder, killed at the end. */
    private static final class Prometheus implements AutoCloseable {
        private final Process process;
        private final int port;

        private Prometheus(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        static Prometheus start(Path dir, int port) throws IOException {
            List<String> command = new ArrayList<>(List.of("prometheus", "--config.file=" + dir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            return new Prometheus(process, port);
        }

        /** The instant value of {@code expression} through Prometheus's HTTP API, read by curl and jq; empty when none. */
        String query(String expression) {
            try {
                Result answer = run(List.of("curl", "-s", "-G", "--data-urlencode", "query=" + expression,
                        "http://127.0.0.1:" + port + "/api/v1/query"), "");
                return DaemonHarness.jq(answer.out(), ".data.result[0].value[1] // empty");
            } catch (IOException e) {
                return "";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "";
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
