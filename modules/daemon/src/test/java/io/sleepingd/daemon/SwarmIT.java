package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PROVIDER=swarm against a real single-node swarm on the tests' Docker engine
 * ({@code docker swarm init --advertise-addr 127.0.0.1}), with host-network services, which this
 * engine can run (it has no bridge): a busybox httpd on 127.0.0.1 at $PORT. The swarm is left at the end.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SwarmIT {
    private static DockerEngine engine;
    private final List<String> services = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void swarm() throws Exception {
        engine = DockerEngine.start();
        DaemonHarness.Cli init = engine.run("swarm", "init", "--advertise-addr", "127.0.0.1");
        assertTrue(init.exitStatus() == 0 || init.err().contains("already part of a swarm"), init.err());
    }

    @AfterAll
    static void leave() throws Exception {
        engine.run("swarm", "leave", "--force");
        engine.close();
    }

    @AfterEach
    void removeServices() throws Exception {
        for (String service : services) {
            engine.run("service", "rm", service);
        }
    }

    /** A host-network service at 0 replicas, serving "swarm PORT" once scaled up. */
    private String hostNetworkService(int containerPort) throws Exception {
        String name = "sleepingd-test-swarm-" + UUID.randomUUID().toString().substring(0, 8);
        services.add(name);
        engine.docker("service", "create", "--detach", "--name", name, "--replicas", "0", "--network", "host",
                "--no-resolve-image", "--env", "PORT=" + containerPort, DockerEngine.IMAGE, "/bin/sh", "-c",
                "mkdir -p /www && echo swarm $PORT > /www/index.html && exec httpd -f -p 127.0.0.1:$PORT -h /www");
        return name;
    }

    private String config(int port, String swarmService, String extra) {
        return """
                [Swarmed]
                BIND=127.0.0.1
                PORT=%d
                PROVIDER=swarm
                SWARM_SERVICE=%s
                DOCKER_COMMAND="%s"
                IDLE_TIME=1
                IDLE_CHECK_INTERVAL=1
                %s
                """.formatted(port, swarmService, engine.command(), extra);
    }

    private String replicas(String service) throws Exception {
        return engine.docker("service", "inspect", "--format", "{{.Spec.Mode.Replicated.Replicas}}", service);
    }

    @Test
    void theFirstConnectionScalesAServiceUpAndTheIdleStopScalesItToZero() throws Exception {
        int port = DaemonHarness.freePort();
        int containerPort = DaemonHarness.freePort();
        String service = hostNetworkService(containerPort);
        try (DaemonHarness daemon = DaemonHarness.with(dir, config(port, service, "BACKEND=127.0.0.1:" + containerPort))
                .startForeground()) {
            String page = Client.exchange(port, "GET / HTTP/1.0\r\n\r\n");

            assertTrue(page.contains("swarm " + containerPort), page + daemon.log());
            assertEquals("1", replicas(service));
            daemon.await("the service scaled to 0", Duration.ofSeconds(60), () -> {
                try {
                    return replicas(service).equals("0");
                } catch (Exception e) {
                    return false;
                }
            });
            assertEquals("1", daemon.statusField("Swarmed", "stops.idle"));
        }
    }

    @Test
    void aServiceThatDoesNotExistFailsTheWakeNamingIt() throws Exception {
        int port = DaemonHarness.freePort();
        try (DaemonHarness daemon = DaemonHarness.with(dir, config(port, "sleepingd-test-no-such-service",
                "BACKEND=127.0.0.1:1")).startForeground()) {
            assertEquals("", Client.exchangeOrClosed(port, "wake"));

            String error = daemon.statusField("Swarmed", "lastError.message");
            assertTrue(error.contains("sleepingd-test-no-such-service"), error);
        }
    }
}
