package io.sleepingd.docker;

import io.sleepingd.spi.Backend;
import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.BackendProvider;
import io.sleepingd.spi.Key;
import io.sleepingd.spi.ServiceSettings;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code PROVIDER=swarm}: a Docker Swarm service scaled from 0 to {@code SWARM_REPLICAS} on demand and
 * back to 0 when idle, through the same docker command line as {@code PROVIDER=docker} (it shares its
 * {@code DOCKER_COMMAND} and {@code DOCKER_TIMEOUT}, which is why it lives in this module).
 */
public final class SwarmProvider implements BackendProvider {
    static final Key<String> SERVICE = Key.text("SWARM_SERVICE");
    static final Key<Integer> REPLICAS = Key.number("SWARM_REPLICAS");

    @Override
    public String name() {
        return "swarm";
    }

    @Override
    public Set<Key<?>> keys() {
        return Set.of(SERVICE, REPLICAS, Key.BACKEND, DockerSettings.COMMAND, DockerSettings.TIMEOUT);
    }

    @Override
    public Backend open(ServiceSettings settings) throws BackendException {
        String service = settings.get(SERVICE).map(String::strip)
                .orElseThrow(() -> new BackendException(SERVICE + " is required by PROVIDER=swarm: the Swarm service's name"));
        if (!service.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw new BackendException(SERVICE + " '" + service + "' is not a Swarm service name");
        }
        int replicas = settings.get(REPLICAS).orElse(1);
        if (replicas < 1) {
            throw new BackendException(REPLICAS + " must be at least 1: the service is scaled to it when woken, and to 0 when idle");
        }
        List<String> command = settings.get(DockerSettings.COMMAND).orElse(List.of("docker"));
        Duration timeout = settings.get(DockerSettings.TIMEOUT).filter(d -> !d.isZero()).orElse(Duration.ofSeconds(60));
        return new SwarmBackend(settings.name(), service, replicas, settings.get(Key.BACKEND),
                new DockerCli(settings.name(), command, timeout, settings.runAs()));
    }
}
