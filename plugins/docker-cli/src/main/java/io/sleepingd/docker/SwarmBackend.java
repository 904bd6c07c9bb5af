package io.sleepingd.docker;

import io.sleepingd.spi.Backend;
import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.CheckResult;
import io.sleepingd.spi.Endpoint;
import io.sleepingd.spi.NothingStartedException;
import io.sleepingd.spi.Trigger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Swarm service: woken by {@code docker service scale NAME=N}, put to sleep by scaling it to 0.
 * Where it accepts connections: {@code BACKEND}, else the first port the service publishes, on this
 * host. Immutable; the wake's and the idle monitor's threads call it, never at once.
 */
final class SwarmBackend implements Backend {
    private static final Logger LOG = LoggerFactory.getLogger(SwarmBackend.class);
    /** How often the wake looks whether a task runs (or failed): Swarm schedules in a few hundred ms. */
    private static final Duration TASK_POLL = Duration.ofMillis(200);

    private final String service;
    private final String swarmService;
    private final int replicas;
    private final Optional<Endpoint> backend;
    private final DockerCli docker;

    SwarmBackend(String service, String swarmService, int replicas, Optional<Endpoint> backend, DockerCli docker) {
        this.service = service;
        this.swarmService = swarmService;
        this.replicas = replicas;
        this.backend = backend;
        this.docker = docker;
    }

    /** Running when the service wants replicas and one of its tasks runs. */
    @Override
    public CheckResult check(Trigger trigger) throws BackendException {
        String wanted = docker.require("inspecting Swarm service " + swarmService, "service", "inspect", "--format",
                "{{.Spec.Mode.Replicated.Replicas}}", swarmService).strip();
        if (wanted.equals("0") || tasks("Running").isEmpty()) {
            return new CheckResult.NotRunning();
        }
        return new CheckResult.Running(Optional.of(endpoint()));
    }

    /**
     * Scales the service up without waiting for docker's own convergence check (5 s), then waits until
     * one of its tasks runs, or fails with the task's error (an image no node has, a port in use).
     */
    @Override
    public Endpoint start(Trigger trigger) throws BackendException {
        Endpoint endpoint;
        try {
            endpoint = endpoint(); // a service that does not exist, or has no address, fails before it is touched
        } catch (BackendException e) {
            throw NothingStartedException.of(e);
        }
        LOG.info("service '{}': scaling Swarm service {} to {}", service, swarmService, replicas);
        docker.require("scaling Swarm service " + swarmService, "service", "scale", "--detach",
                swarmService + "=" + replicas);
        while (true) {
            if (!tasks("Running").isEmpty()) {
                return endpoint;
            }
            List<String> failed = tasks("Failed", "Rejected");
            if (!failed.isEmpty()) {
                throw new BackendException("Swarm service " + swarmService + " did not start: " + failed.getFirst());
            }
            try {
                Thread.sleep(TASK_POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendException("interrupted while Swarm service " + swarmService + " was starting", e);
            }
        }
    }

    /** The tasks meant to run whose current state begins with one of {@code states}, with their errors. */
    private List<String> tasks(String... states) throws BackendException {
        String listed = docker.require("listing the tasks of Swarm service " + swarmService, "service", "ps",
                "--filter", "desired-state=running", "--no-trunc", "--format", "{{.CurrentState}}|{{.Error}}",
                swarmService);
        return listed.lines().map(String::strip).filter(line -> !line.isEmpty())
                .filter(line -> List.of(states).stream().anyMatch(line::startsWith))
                .map(line -> line.replace("|", ": ")).toList();
    }

    /** BACKEND, else the first published port on this host. */
    private Endpoint endpoint() throws BackendException {
        if (backend.isPresent()) {
            return backend.get();
        }
        String published = docker.require("inspecting Swarm service " + swarmService, "service", "inspect", "--format",
                "{{range .Endpoint.Ports}}{{.PublishedPort}} {{end}}", swarmService).strip();
        if (published.isEmpty()) {
            throw new BackendException("Swarm service " + swarmService + " publishes no port: set BACKEND=HOST:PORT"
                    + " (a host-network service listens where its command says)");
        }
        return new Endpoint("127.0.0.1", Integer.parseInt(published.split("\\s+")[0]));
    }

    @Override
    public void stop() throws BackendException {
        LOG.info("service '{}': scaling Swarm service {} to 0", service, swarmService);
        docker.require("scaling Swarm service " + swarmService + " to 0", "service", "scale", "--detach",
                swarmService + "=0");
    }

    @Override
    public Map<String, String> settingsInUse() {
        Map<String, String> inUse = new LinkedHashMap<>();
        inUse.put(SwarmProvider.SERVICE.name(), swarmService);
        inUse.put(SwarmProvider.REPLICAS.name(), Integer.toString(replicas));
        inUse.put("BACKEND", backend.map(Endpoint::toString).orElse(""));
        return inUse;
    }
}
