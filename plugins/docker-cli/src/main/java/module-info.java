/**
 * Containers as backends, through the {@code docker} command line (Podman's docker-compatible CLI
 * works too): {@code PROVIDER=docker} for containers, {@code PROVIDER=swarm} for Swarm services.
 */
module io.sleepingd.docker {
    requires io.sleepingd.spi;
    requires org.slf4j;

    provides io.sleepingd.spi.BackendProvider with io.sleepingd.docker.DockerProvider, io.sleepingd.docker.SwarmProvider;
}
