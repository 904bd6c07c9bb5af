package io.sleepingd.docker;

import io.sleepingd.spi.Backend;
import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.BackendProvider;
import io.sleepingd.spi.Key;
import io.sleepingd.spi.ServiceSettings;
import java.util.Set;

/**
 * {@code PROVIDER=docker}: a service backed by one container or a pool of containers, started
 * (and created from an image when missing) on demand, stopped or removed when idle.
 */
public final class DockerProvider implements BackendProvider {

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public Set<Key<?>> keys() {
        return DockerSettings.KEYS;
    }

    @Override
    public Backend open(ServiceSettings settings) throws BackendException {
        DockerSettings docker = DockerSettings.of(settings);
        return new DockerBackend(settings.name(), docker,
                new DockerCli(settings.name(), docker.dockerCommand(), docker.timeout(), settings.runAs()));
    }
}
