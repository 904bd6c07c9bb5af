package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PROVIDER=docker against a real Docker engine (and, as {@link PodmanIT}, against Podman). Test
 * containers run a busybox web server on the host network, listening on 127.0.0.1 at the port in
 * $PORT, answering "member PORT".
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DockerIT {
    /** The containers' command: sleepingd sets PORT when it creates a container; the tests pass it too. */
    static final String SERVE = "/bin/sh -c 'mkdir -p /www && echo member $PORT > /www/index.html"
            + " && exec httpd -f -p 127.0.0.1:$PORT -h /www'";
    static DockerEngine engine;

    @TempDir
    Path dir;

    @BeforeAll
    static void engine() throws Exception {
        engine = DockerEngine.start();
    }

    @AfterAll
    static void stopEngine() throws Exception {
        engine.close();
    }

    @AfterEach
    void removeContainers() throws Exception {
        engine.removeContainers();
    }

    private String name(String role) {
        return engine.name(role);
    }

    private String service(int port, String keys) {
        return """
                [Containers]
                BIND=127.0.0.1
                PORT=%d
                PROVIDER=docker
                DOCKER_COMMAND="%s"
                DOCKER_STOP_TIMEOUT=1
                %s
                """.formatted(port, engine.command(), keys);
    }

    /** One container, created from the test image on the host network when missing, put to sleep after 1 s idle. */
    private static String createdWhenIdle(String name, int containerPort, String extra) {
        return """
                DOCKER_CONTAINERS=%s:%d
                DOCKER_IMAGE=%s
                DOCKER_CREATE_OPTIONS="--network host"
                DOCKER_CREATE_COMMAND="%s"
                IDLE_TIME=1
                IDLE_CHECK_INTERVAL=1
                %s""".formatted(name, containerPort, DockerEngine.IMAGE, SERVE.replace("\"", "\\\""), extra);
    }

    private static String get(int port) throws Exception {
        return Client.exchange(port, "GET / HTTP/1.0\r\n\r\n");
    }

    @Test
    void theFirstConnectionStartsAStoppedContainerAndIsServed() throws Exception {
        int port = DaemonHarness.freePort();
        int containerPort = DaemonHarness.freePort();
        String web = name("web");
        engine.docker("create", "--name", web, "--network", "host", "--env", "PORT=" + containerPort,
                DockerEngine.IMAGE, "/bin/sh", "-c", SERVE.substring("/bin/sh -c '".length(), SERVE.length() - 1));
        assertFalse(engine.running(web));
        try (DaemonHarness daemon = DaemonHarness.with(dir, service(port,
                "DOCKER_CONTAINERS=" + web + "\nDOCKER_PORT=" + containerPort)).startForeground()) {
            assertTrue(get(port).contains("member " + containerPort), daemon.log());
            assertTrue(engine.running(web));
            assertFalse(daemon.log().contains("unknown key"), daemon.log());
        }
    }

    @Test
    void anIdleServiceStopsItsContainer() throws Exception {
        int port = DaemonHarness.freePort();
        int containerPort = DaemonHarness.freePort();
        String web = name("idle");
        try (DaemonHarness daemon = DaemonHarness.with(dir, service(port, createdWhenIdle(web, containerPort, "")))
                .startForeground()) {
            assertTrue(get(port).contains("member " + containerPort), daemon.log());
            daemon.await("the container to be stopped", Duration.ofSeconds(30), () -> !running(web));
            assertTrue(engine.exists(web), "stopped, not removed");
            assertTrue(get(port).contains("member " + containerPort), "and started again: " + daemon.log());
        }
    }

    @Test
    void withSleepModePauseAnIdleContainerIsPausedAndTheNextConnectionUnpausesIt() throws Exception {
        int port = DaemonHarness.freePort();
        int containerPort = DaemonHarness.freePort();
        String web = name("paused");
        try (DaemonHarness daemon = DaemonHarness.with(dir, service(port,
                createdWhenIdle(web, containerPort, "SLEEP_MODE=pause\n"))).startForeground()) {
            assertTrue(get(port).contains("member " + containerPort), daemon.log());
            String started = engine.docker("inspect", "--format", "{{.State.StartedAt}}", web);

            daemon.await("the container to be paused", Duration.ofSeconds(30),
                    () -> inspect(web, "{{.State.Paused}}").equals("true"));
            assertEquals("paused", inspect(web, "{{.State.Status}}"), "paused, not stopped");

            assertTrue(get(port).contains("member " + containerPort), "served again: " + daemon.log());
            assertEquals("false", inspect(web, "{{.State.Paused}}"));
            assertEquals(started, engine.docker("inspect", "--format", "{{.State.StartedAt}}", web),
                    "unpaused, not started again");
        }
    }

    private String inspect(String container, String format) {
        try {
            return engine.docker("inspect", "--format", format, container);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aMissingContainerIsCreatedFromTheImageAndRemovedWhenEphemeral() throws Exception {
        int port = DaemonHarness.freePort();
        int containerPort = DaemonHarness.freePort();
        String web = name("created");
        try (DaemonHarness daemon = DaemonHarness.with(dir, service(port, """
                DOCKER_CONTAINERS=%s
                DOCKER_PORT=%d
                DOCKER_IMAGE=%s
                DOCKER_CREATE_OPTIONS="--network host"
                DOCKER_CREATE_COMMAND="%s"
                DOCKER_EPHEMERAL=yes
                IDLE_TIME=1
                IDLE_CHECK_INTERVAL=1
                """.formatted(web, containerPort, DockerEngine.IMAGE, SERVE.replace("\"", "\\\"")))).startForeground()) {
            assertFalse(engine.exists(web));
            assertTrue(get(port).contains("member " + containerPort), daemon.log());
            assertTrue(daemon.log().contains("creating container " + web + " from image " + DockerEngine.IMAGE));
            daemon.await("the container to be removed", Duration.ofSeconds(30), () -> !exists(web));
        }
    }

    @Test
    void aPoolOfTwoSpreadsConnectionsAtRandomAndStopsBothWhenIdle() throws Exception {
        int port = DaemonHarness.freePort();
        int first = DaemonHarness.freePort();
        int second = DaemonHarness.freePort();
        String one = name("pool1");
        String two = name("pool2");
        try (DaemonHarness daemon = DaemonHarness.with(dir, service(port, """
                DOCKER_CONTAINERS="%s:%d %s:%d"
                DOCKER_BALANCE=random
                DOCKER_IMAGE=%s
                DOCKER_CREATE_OPTIONS="--network host"
                DOCKER_CREATE_COMMAND="%s"
                IDLE_TIME=2
                IDLE_CHECK_INTERVAL=1
                """.formatted(one, first, two, second, DockerEngine.IMAGE, SERVE.replace("\"", "\\\""))))
                .startForeground()) {
            Set<String> answers = new HashSet<>();
            for (int i = 0; i < 20 && answers.size() < 2; i++) {
                String answer = get(port);
                answers.add(answer.contains("member " + first) ? "first" : answer.contains("member " + second)
                        ? "second" : "neither: " + answer);
            }
            assertEquals(Set.of("first", "second"), answers, daemon.log());
            daemon.await("both containers to be stopped", Duration.ofSeconds(30),
                    () -> !running(one) && !running(two));
        }
    }

    @Test
    void aContainerThatExitsAtOnceIsReportedWithItsOutputAndTheClientClosed() throws Exception {
        int port = DaemonHarness.freePort();
        String broken = name("broken");
        try (DaemonHarness daemon = DaemonHarness.with(dir, service(port, """
                DOCKER_CONTAINERS=%s
                DOCKER_PORT=%d
                DOCKER_IMAGE=%s
                DOCKER_CREATE_OPTIONS="--network host"
                DOCKER_CREATE_COMMAND="/bin/sh -c 'echo cannot read my configuration >&2; exit 3'"
                """.formatted(broken, DaemonHarness.freePort(), DockerEngine.IMAGE))).startForeground()) {
            assertEquals("", Client.exchangeOrClosed(port, "GET / HTTP/1.0\r\n\r\n"));
            daemon.awaitLog("container " + broken + " exited at once (exit code 3): cannot read my configuration",
                    Duration.ofSeconds(10));
        }
    }

    @Test
    void dockerFailuresAreNamedInTheLog() throws Exception {
        int port = DaemonHarness.freePort();
        int unreachable = DaemonHarness.freePort();
        int noImage = DaemonHarness.freePort();
        int noContainer = DaemonHarness.freePort();
        String missing = name("missing");
        try (DaemonHarness daemon = DaemonHarness.with(dir, """
                [No docker]
                BIND=127.0.0.1
                PORT=%d
                PROVIDER=docker
                DOCKER_COMMAND=/nonexistent/docker
                DOCKER_CONTAINERS=x
                DOCKER_PORT=80
                [Unreachable]
                BIND=127.0.0.1
                PORT=%d
                PROVIDER=docker
                DOCKER_COMMAND="%s"
                DOCKER_CONTAINERS=x
                DOCKER_PORT=80
                [Unknown image]
                BIND=127.0.0.1
                PORT=%d
                PROVIDER=docker
                DOCKER_COMMAND="%s"
                DOCKER_CONTAINERS=%s
                DOCKER_PORT=80
                DOCKER_IMAGE=sleepingd-test/no-such-image
                [Unknown container]
                BIND=127.0.0.1
                PORT=%d
                PROVIDER=docker
                DOCKER_COMMAND="%s"
                DOCKER_CONTAINERS=%s
                DOCKER_PORT=80
                """.formatted(port, unreachable, engine.unreachableCommand(dir), noImage, engine.command(),
                name("noimage"), noContainer, engine.command(), missing)).startForeground()) {
            assertEquals("", Client.exchangeOrClosed(port, "x"));
            assertEquals("", Client.exchangeOrClosed(unreachable, "x"));
            assertEquals("", Client.exchangeOrClosed(noImage, "x"));
            assertEquals("", Client.exchangeOrClosed(noContainer, "x"));
            String log = daemon.log();
            assertTrue(log.contains("service 'No docker': wake failed") && log.contains(
                    "cannot run the docker command '/nonexistent/docker'"), log);
            assertTrue(log.contains("service 'Unreachable': wake failed") && log.contains(
                    "the docker daemon is unreachable"), log);
            assertTrue(log.contains("service 'Unknown image': wake failed") && log.contains(
                    "from image sleepingd-test/no-such-image failed"), log);
            assertTrue(log.contains("service 'Unknown container': wake failed") && log.contains(
                    "container " + missing + " does not exist and DOCKER_IMAGE is not set"), log);
        }
    }

    private static boolean running(String container) {
        try {
            return engine.running(container);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean exists(String container) {
        try {
            return engine.exists(container);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
