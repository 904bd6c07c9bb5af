package io.sleepingd.daemon;

import org.junit.jupiter.api.BeforeAll;

/**
 * Every {@link DockerIT} test again with {@code DOCKER_COMMAND} running rootful Podman on private
 * storage (.ci/podman-engine): the provider speaks only the docker command line, which Podman
 * speaks too, and this shows where it does.
 */
class PodmanIT extends DockerIT {
    /** Hides DockerIT's: JUnit runs this one instead, so no Docker engine is started. */
    @BeforeAll
    static void engine() throws Exception {
        engine = DockerEngine.podman();
    }
}
