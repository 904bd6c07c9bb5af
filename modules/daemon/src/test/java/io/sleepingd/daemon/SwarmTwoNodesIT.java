package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PROVIDER=swarm with a service that Swarm places on another node than the daemon's: a manager and a
 * worker ({@link TwoNodeSwarm}), the daemon on the manager's network, as it would run on a manager
 * node, and the service a host-network busybox httpd constrained to the worker, listening on the
 * worker's address. The test's client stays on the host's loopback: systemd-socket-activate binds the
 * daemon's port there and starts the daemon inside the manager's network namespace with that socket,
 * so everything the daemon itself connects to (the worker) is reached from the manager's network.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SwarmTwoNodesIT {
    private static TwoNodeSwarm swarm;

    @TempDir
    Path dir;

    @BeforeAll
    static void twoNodes() throws Exception {
        swarm = TwoNodeSwarm.start();
    }

    @AfterAll
    static void removeTheSwarm() throws Exception {
        if (swarm != null) {
            swarm.close();
        }
    }

    /** A host-network service at 0 replicas, only for the worker, answering "swarm on NODE'S HOSTNAME". */
    private static String serviceOnTheWorker(int containerPort) throws Exception {
        String name = "sleepingd-test-swarm-" + UUID.randomUUID().toString().substring(0, 8);
        swarm.manager.docker("service", "create", "--detach", "--name", name, "--replicas", "0",
                "--constraint", "node.role==worker", "--network", "host", "--no-resolve-image",
                "--env", "NODE={{.Node.Hostname}}", "--env", "LISTEN=" + swarm.workerAddress + ":" + containerPort,
                DockerEngine.IMAGE, "/bin/sh", "-c",
                "mkdir -p /www && echo swarm on $NODE > /www/index.html && exec httpd -f -p $LISTEN -h /www");
        return name;
    }

    private static String replicas(String service) throws Exception {
        return swarm.manager.docker("service", "inspect", "--format", "{{.Spec.Mode.Replicated.Replicas}}", service);
    }

    /** systemd-socket-activate holding 127.0.0.1:PORT on the host, starting the daemon on the manager's network. */
    private static List<String> onTheManagerWithTheHostsSocket(int port) {
        List<String> wrapper = new ArrayList<>(List.of("systemd-socket-activate", "--listen=127.0.0.1:" + port));
        wrapper.addAll(swarm.onManagerNetwork());
        return wrapper;
    }

    @Test
    void theFirstConnectionScalesUpAServiceOnTheWorkerIsRelayedToItAndTheIdleStopScalesItToZero() throws Exception {
        int port = DaemonHarness.freePort();
        int containerPort = DaemonHarness.freePort();
        String service = serviceOnTheWorker(containerPort);
        String config = """
                [Swarmed]
                BIND=127.0.0.1
                PORT=%d
                PROVIDER=swarm
                SWARM_SERVICE=%s
                BACKEND=%s:%d
                DOCKER_COMMAND="%s"
                IDLE_TIME=1
                IDLE_CHECK_INTERVAL=1
                """.formatted(port, service, swarm.workerAddress, containerPort, swarm.manager.command());
        try (DaemonHarness daemon = DaemonHarness.with(dir, config).launchThrough(onTheManagerWithTheHostsSocket(port))) {
            daemon.awaitLog("Listening on 127.0.0.1:" + port, Duration.ofSeconds(30)); // systemd-socket-activate's
            String page = Client.exchange(port, "GET / HTTP/1.0\r\n\r\n");

            assertTrue(page.contains("swarm on sleepingd-worker"), page + daemon.log());
            assertEquals("1", replicas(service));
            assertEquals("sleepingd-worker", swarm.manager.docker("service", "ps", "--filter", "desired-state=running",
                    "--format", "{{.Node}}", service));
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
}
