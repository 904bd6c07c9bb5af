package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * PROTOCOL and HOLD_REPLY_AFTER with the real clients: curl, psql, redis-cli and mariadb see the
 * daemon's answer in their own terms while a backend starts, fails or may not be woken, and the real
 * servers (busybox httpd, PostgreSQL, Redis) woken by START_CMD answer the same clients afterwards.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ProtocolAnswersIT {
    @TempDir
    Path dir;

    private record Result(int exitStatus, String out) {
    }

    /** Runs a real client to its end (its output and errors together). */
    private static Result run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " finished");
        return new Result(process.exitValue(), out);
    }

    private static String service(int port, String protocol, String start, String extra) {
        return """
                [Native]
                BIND=127.0.0.1
                PORT=%d
                PROTOCOL=%s
                START_CMD="%s"
                WAKE_TIMEOUT=60
                %s
                """.formatted(port, protocol, start, extra);
    }

    /** A busybox httpd that serves {@code index.html} from the test folder, started by START_CMD. */
    private String httpd(int backendPort, String delay) throws IOException {
        Files.writeString(dir.resolve("index.html"), "hello from the backend\n");
        return delay + "busybox httpd -p 127.0.0.1:" + backendPort + " -h " + dir + "; echo 127.0.0.1 " + backendPort;
    }

    @Test
    void httpClientsAreToldTheServiceIsStartingOnceHoldReplyAfterIsUp() throws Exception {
        int port = DaemonHarness.freePort();
        try (DaemonHarness daemon = DaemonHarness.with(dir, service(port, "http", "sleep 30; echo 127.0.0.1 1",
                "HOLD_REPLY_AFTER=1\n")).startForeground()) {
            String url = "http://127.0.0.1:" + port + "/";

            Result api = run("curl", "-s", "-i", url);
            Result browser = run("curl", "-s", "-H", "Accept: text/html,application/xhtml+xml", url);

            assertAll(
                    () -> assertTrue(api.out().startsWith("HTTP/1.1 503 Service Unavailable\r\n"), api.out()),
                    () -> assertTrue(api.out().contains("\r\nRetry-After: 5\r\n"), api.out()),
                    () -> assertTrue(api.out().endsWith("The service is starting; try again in 5 s.\n"), api.out()),
                    () -> assertTrue(browser.out().contains("<meta http-equiv=\"refresh\" content=\"5\">"), browser.out()),
                    () -> assertEquals("waking", daemon.state("Native"), "the wake goes on"));
        }
    }

    @Test
    void httpClientsOfAFailedWakeGet502WithoutTheCommandsOutput() throws Exception {
        int port = DaemonHarness.freePort();
        try (DaemonHarness daemon = DaemonHarness.with(dir, service(port, "http",
                "echo secret-detail >&2; exit 3", "")).startForeground()) {
            Result curl = run("curl", "-s", "-i", "http://127.0.0.1:" + port + "/");

            assertTrue(curl.out().startsWith("HTTP/1.1 502 Bad Gateway\r\n"), curl.out());
            assertTrue(curl.out().endsWith("\r\n\r\nThe service is not available: it failed to start.\n"), curl.out());
            assertTrue(!curl.out().contains("secret-detail") && !curl.out().contains("START_CMD"), curl.out());
        }
    }

    @Test
    void httpClientsThatMayNotWakeTheBackendAreToldItIsAsleep() throws Exception {
        int port = DaemonHarness.freePort();
        try (DaemonHarness daemon = DaemonHarness.with(dir, service(port, "http", "echo 127.0.0.1 1",
                "WAKE_FROM=127.0.0.2\n")).startForeground()) {
            Result curl = run("curl", "-s", "-i", "http://127.0.0.1:" + port + "/");

            assertTrue(curl.out().startsWith("HTTP/1.1 503 Service Unavailable\r\n"), curl.out());
            assertTrue(curl.out().endsWith("The service is asleep, and this client may not wake it.\n"), curl.out());
        }
    }

    @Test
    void withoutHoldReplyAfterAnHttpClientIsHeldAndGetsTheBackendsOwnAnswer() throws Exception {
        int port = DaemonHarness.freePort();
        int backend = DaemonHarness.freePort();
        try (DaemonHarness daemon = DaemonHarness.with(dir, service(port, "http", httpd(backend, "sleep 2; "),
                "STOP_CMD=\"pkill -f 'httpd -p 127.0.0.1:" + backend + "'\"\n")).startForeground()) {
            Result curl = run("curl", "-s", "-i", "http://127.0.0.1:" + port + "/index.html");

            assertTrue(curl.out().startsWith("HTTP/1.1 200 OK\r\n"), curl.out());
            assertTrue(curl.out().endsWith("hello from the backend\n"), curl.out());
        }
    }

    @Test
    void psqlIsToldTheDatabaseIsStartingThenARealPostgresqlWokenByStartCmdAnswersIt() throws Exception {
        int port = DaemonHarness.freePort();
        int backend = DaemonHarness.freePort();
        Path data = postgresCluster();
        String pgCtl = postgresBin("pg_ctl");
        try (DaemonHarness daemon = DaemonHarness.with(dir, service(port, "postgresql",
                "sleep 2; " + pgCtl + " start -w -s -D " + data + " -l " + data + "/log -o '-p " + backend
                        + " -k " + data + " -c listen_addresses=127.0.0.1'; echo 127.0.0.1 " + backend,
                "USER=postgres\nHOLD_REPLY_AFTER=1\nSTOP_CMD=\"" + pgCtl + " stop -m fast -s -D " + data + "\"\n"))
                .startForeground()) {
            String[] psql = {"psql", "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "postgres", "-d",
                    "postgres", "-XAtc", "select 40 + 2"};

            Result starting = run(psql);
            assertTrue(starting.out().contains("the database system is starting up"), starting.out());

            awaitOutput(daemon, psql, "42");
        }
    }

    @Test
    void redisCliGetsLoadingThenPongFromARealRedisWokenByStartCmd() throws Exception {
        int port = DaemonHarness.freePort();
        int backend = DaemonHarness.freePort();
        try (DaemonHarness daemon = DaemonHarness.with(dir, service(port, "redis",
                "sleep 2; redis-server --port " + backend + " --bind 127.0.0.1 --daemonize yes --save '' --dir " + dir
                        + " --logfile " + dir + "/redis.log; echo 127.0.0.1 " + backend,
                "HOLD_REPLY_AFTER=1\nSTOP_CMD=\"redis-cli -p " + backend + " shutdown nosave\"\n")).startForeground()) {
            String[] ping = {"redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port), "ping"};

            Result loading = run(ping);
            assertTrue(loading.out().startsWith("LOADING the server is starting up"), loading.out());

            awaitOutput(daemon, ping, "PONG");
        }
    }

    @Test
    void mariadbShowsTheDaemonsMessageWhileTheServerStarts() throws Exception {
        int port = DaemonHarness.freePort();
        try (DaemonHarness daemon = DaemonHarness.with(dir, service(port, "mysql", "sleep 30; echo 127.0.0.1 1",
                "HOLD_REPLY_AFTER=1\n")).startForeground()) {
            Result client = run("mariadb", "-h", "127.0.0.1", "-P", Integer.toString(port), "-u", "app", "-e", "select 1");

            // MariaDB's client, which wants TLS by default, prints an error packet that comes before the
            // TLS handshake as "ERROR 2002 ... cannot be verified: 1040 - message"; older ones as "ERROR 1040".
            assertTrue(client.exitStatus() != 0, client.out());
            assertTrue(client.out().contains("1040"), client.out());
            assertTrue(client.out().contains("The database server is starting up; try again in 5 s"), client.out());
        }
    }

    /** Runs {@code command} again until it prints {@code expected}: the real server answered through sleepingd. */
    private static void awaitOutput(DaemonHarness daemon, String[] command, String expected) throws Exception {
        daemon.await(String.join(" ", command) + " to print " + expected, Duration.ofSeconds(60), () -> {
            try {
                return run(command).out().strip().equals(expected);
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    /** A fresh cluster, owned by the postgres user (PostgreSQL refuses to run as root). */
    private Path postgresCluster() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x")); // postgres may pass through
        Path data = dir.resolve("pgdata");
        Files.createDirectory(data);
        assertEquals(0, run("chown", "postgres:postgres", data.toString()).exitStatus());
        Result initdb = run("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", postgresBin("initdb"),
                "-D", data.toString(), "-A", "trust", "-U", "postgres");
        assertEquals(0, initdb.exitStatus(), initdb.out());
        return data;
    }

    /** A program of the newest PostgreSQL installed (Debian keeps them under /usr/lib/postgresql/VERSION/bin). */
    private static String postgresBin(String program) throws IOException {
        List<Path> versions = new ArrayList<>();
        try (var listed = Files.list(Path.of("/usr/lib/postgresql"))) {
            listed.filter(version -> Files.isExecutable(version.resolve("bin").resolve(program))).forEach(versions::add);
        }
        versions.sort(null);
        assertTrue(!versions.isEmpty(), "PostgreSQL's server is installed (run-tests installs it)");
        return versions.getLast().resolve("bin").resolve(program).toString();
    }
}
