package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PROVIDER=docker, against a real Docker engine: what a failed or abandoned wake started is stopped, or
 * removed with {@code DOCKER_EPHEMERAL=yes}, and the daemon's stop stops every member of a pool
 * (issue 11). The engine has no bridge network (.ci/docker-engine), as in the issue: a container
 * created without {@code --network host} starts, but has no address the daemon can reach.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DockerWakeCleanupIT {
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

    private String service(int port, String dockerCommand, String keys) {
        return """
                [Containers]
                BIND=127.0.0.1
                PORT=%d
                PROVIDER=docker
                DOCKER_COMMAND="%s"
                DOCKER_STOP_TIMEOUT=1
                %s
                """.formatted(port, dockerCommand, keys);
    }

    /** A container without {@code --network host}: on this engine it runs, with no address to connect to. */
    private String unreachable(String container, String more) {
        return """
                DOCKER_CONTAINERS=%s
                DOCKER_PORT=8080
                DOCKER_IMAGE=%s
                DOCKER_CREATE_COMMAND="sleep 300"
                %s
                """.formatted(container, DockerEngine.IMAGE, more);
    }

    /**
     * A {@code DOCKER_COMMAND} that passes everything to the engine and records each subcommand in
     * {@code docker-calls}; once {@code docker start} ran, with {@code hangAfterStart}, an inspect hangs,
     * like a docker daemon that stops answering half-way through a wake.
     */
    private String recordingDocker(boolean hangAfterStart) throws Exception {
        Path script = dir.resolve("docker");
        Files.writeString(script, """
                #!/bin/sh
                echo "$1" >> %s/docker-calls
                [ "$1" = start ] && touch %s/started
                if %s && [ "$1" = inspect ] && [ -e %s/started ]; then exec sleep 300; fi
                exec %s "$@"
                """.formatted(dir, dir, hangAfterStart, dir, engine.command()));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script.toString();
    }

    @Test
    void aContainerStartedByAWakeThatCannotFindItsAddressIsStoppedAgain() throws Exception {
        int port = DaemonHarness.freePort();
        String container = name("noaddress");
        try (DaemonHarness daemon = DaemonHarness.with(dir, service(port, engine.command(),
                unreachable(container, ""))).startForeground()) {
            assertEquals("", Client.exchangeOrClosed(port, "GET / HTTP/1.0\r\n\r\n"));

            daemon.await("the container to be stopped", Duration.ofSeconds(60), () -> !running(container));
            assertTrue(engine.exists(container), "stopped, not removed");
            assertTrue(daemon.log().contains("cannot tell where container " + container + " listens"), daemon.log());
        }
    }

    @Test
    void aContainerStartedByAWakeThatCannotFindItsAddressIsRemovedWhenEphemeral() throws Exception {
        int port = DaemonHarness.freePort();
        String container = name("noaddress-ephemeral");
        try (DaemonHarness daemon = DaemonHarness.with(dir, service(port, engine.command(),
                unreachable(container, "DOCKER_EPHEMERAL=yes"))).startForeground()) {
            assertEquals("", Client.exchangeOrClosed(port, "GET / HTTP/1.0\r\n\r\n"));

            daemon.await("the container to be removed", Duration.ofSeconds(60), () -> !listed(container));
        }
    }

    @Test
    void aWakeAbandonedBecauseTheDaemonStopsRemovesTheContainerItStarted() throws Exception {
        int port = DaemonHarness.freePort();
        String container = name("abandoned");
        try (DaemonHarness daemon = DaemonHarness.with(dir, service(port, recordingDocker(true),
                unreachable(container, "DOCKER_EPHEMERAL=yes\nWAKE_TIMEOUT=100\nSHUTDOWN_GRACE=1")))
                .startForeground()) {
            CompletableFuture<String> client = Client.exchangeInBackground(port, "GET / HTTP/1.0\r\n\r\n");
            daemon.await("the wake to start the container", Duration.ofSeconds(60), () -> running(container));

            assertEquals(0, daemon.cli("stop").exitStatus());

            assertFalse(listed(container), "removed before 'sleepingd stop' returned");
            assertEquals(0, daemon.awaitExit(Duration.ofSeconds(30)));
            client.handle((answer, failure) -> null).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theDaemonsStopRemovesEveryMemberOfAPoolItStarted() throws Exception {
        int port = DaemonHarness.freePort();
        int first = DaemonHarness.freePort();
        int second = DaemonHarness.freePort();
        String one = name("pool1");
        String two = name("pool2");
        try (DaemonHarness daemon = DaemonHarness.with(dir, service(port, engine.command(), """
                DOCKER_CONTAINERS="%s:%d %s:%d"
                DOCKER_BALANCE=round-robin
                DOCKER_IMAGE=%s
                DOCKER_CREATE_OPTIONS="--network host"
                DOCKER_CREATE_COMMAND="%s"
                DOCKER_EPHEMERAL=yes
                """.formatted(one, first, two, second, DockerEngine.IMAGE, DockerIT.SERVE.replace("\"", "\\\""))))
                .startForeground()) {
            for (int i = 0; i < 10 && !(running(one) && running(two)); i++) {
                assertTrue(Client.exchange(port, "GET / HTTP/1.0\r\n\r\n").contains("member "), daemon.log());
            }
            assertTrue(running(one) && running(two), "round-robin started both members");

            assertEquals(0, daemon.cli("stop").exitStatus());

            assertFalse(listed(one), one + " removed");
            assertFalse(listed(two), two + " removed");
        }
    }

    @Test
    void aWakeThatCreatedNoContainerStopsAndRemovesNothing() throws Exception {
        int port = DaemonHarness.freePort();
        String container = name("noimage");
        try (DaemonHarness daemon = DaemonHarness.with(dir, service(port, recordingDocker(false), """
                DOCKER_CONTAINERS=%s
                DOCKER_PORT=8080
                DOCKER_IMAGE=sleepingd-test/no-such-image
                DOCKER_EPHEMERAL=yes
                """.formatted(container))).startForeground()) {
            assertEquals("", Client.exchangeOrClosed(port, "GET / HTTP/1.0\r\n\r\n"));
            daemon.awaitLog("service 'Containers': wake failed", Duration.ofSeconds(60));

            assertEquals(0, daemon.cli("stop").exitStatus());

            List<String> calls = daemon.lines("docker-calls");
            assertTrue(calls.contains("create"), calls.toString());
            assertFalse(calls.contains("stop") || calls.contains("rm"), "no stop, no rm: " + calls);
        }
    }

    private static boolean running(String container) {
        try {
            return engine.running(container);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code docker ps -a} lists the container, in any state. */
    private static boolean listed(String container) {
        try {
            return List.of(engine.docker("ps", "--all", "--format", "{{.Names}}").split("\n")).contains(container);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
