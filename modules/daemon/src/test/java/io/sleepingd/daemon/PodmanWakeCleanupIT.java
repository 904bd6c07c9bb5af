package io.sleepingd.daemon;

import org.junit.jupiter.api.BeforeAll;

/**
 * Every {@link DockerWakeCleanupIT} test again with rootful Podman (.ci/podman-engine). Its engine,
 * like the tests' dockerd, has no bridge: a container not on the host network gets no network
 * ({@code netns = "none"}), so it starts but has no address the daemon can reach.
 */
class PodmanWakeCleanupIT extends DockerWakeCleanupIT {
    /** Hides DockerWakeCleanupIT's: JUnit runs this one instead, so no Docker engine is started. */
    @BeforeAll
    static void engine() throws Exception {
        engine = DockerEngine.podman();
    }
}
