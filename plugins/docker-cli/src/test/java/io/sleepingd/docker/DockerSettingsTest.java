package io.sleepingd.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sleepingd.docker.DockerSettings.AddressMode;
import io.sleepingd.docker.DockerSettings.Balance;
import io.sleepingd.docker.DockerSettings.Member;
import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.InvalidValueException;
import io.sleepingd.spi.ServiceSettings;
import io.sleepingd.spi.SleepMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The docker keys: defaults, pools, and a clear message for each bad value. */
class DockerSettingsTest {

    /** As the daemon opens a service: its keys parsed first, then the provider's own checks. */
    private static DockerSettings settings(Map<String, String> values) throws BackendException, InvalidValueException {
        return DockerSettings.of(ServiceSettings.parse("web", 20080, Optional.empty(), values, DockerSettings.KEYS));
    }

    private static String problem(Map<String, String> values) {
        return assertThrows(Exception.class, () -> settings(values)).getMessage();
    }

    @Test
    void aSingleContainerGetsTheDefaults() throws Exception {
        DockerSettings docker = settings(Map.of("DOCKER_CONTAINERS", "web", "DOCKER_PORT", "3000"));
        assertEquals(List.of("docker"), docker.dockerCommand());
        assertEquals(List.of(new Member("web", 3000)), docker.members());
        assertEquals(AddressMode.AUTO, docker.address());
        assertEquals(Balance.RANDOM, docker.balance());
        assertEquals(false, docker.ephemeral());
        assertEquals(Duration.ofSeconds(60), docker.timeout());
        assertEquals(10, docker.stopTimeout());
        assertEquals(SleepMode.STOP, docker.sleepMode());
    }

    @Test
    void zeroDockerTimeoutMeansTheDefaultSinceEveryCommandIsBounded() throws Exception {
        DockerSettings docker = settings(Map.of("DOCKER_CONTAINERS", "web:80", "DOCKER_TIMEOUT", "0"));
        assertEquals(Duration.ofSeconds(60), docker.timeout());
    }

    @Test
    void aPoolMayGiveEachMemberItsOwnPort() throws Exception {
        DockerSettings docker = settings(Map.of("DOCKER_CONTAINERS", "node1:3001, node2:3002 node3",
                "DOCKER_PORT", "3000", "DOCKER_BALANCE", "round-robin"));
        assertEquals(List.of(new Member("node1", 3001), new Member("node2", 3002), new Member("node3", 3000)),
                docker.members());
        assertEquals(Balance.ROUND_ROBIN, docker.balance());
    }

    @Test
    void optionsAndCommandAreSplitLikeAShellWouldWithoutExpandingAnything() throws Exception {
        DockerSettings docker = settings(Map.of("DOCKER_CONTAINERS", "web:80",
                "DOCKER_COMMAND", "podman --remote",
                "DOCKER_CREATE_OPTIONS", "--network host --label 'a b=c'",
                "DOCKER_CREATE_COMMAND", "/bin/sh -c \"echo $HOME; exec httpd\""));
        assertEquals(List.of("podman", "--remote"), docker.dockerCommand());
        assertEquals(List.of("--network", "host", "--label", "a b=c"), docker.createArgs());
        assertEquals(List.of("/bin/sh", "-c", "echo $HOME; exec httpd"), docker.command());
    }

    @Test
    void eachBadValueIsNamedWithItsKey() {
        assertEquals("DOCKER_CONTAINERS is required by PROVIDER=docker", problem(Map.of()));
        assertEquals("DOCKER_PORT is required, or a port per container as in DOCKER_CONTAINERS=\"web:8080\"",
                problem(Map.of("DOCKER_CONTAINERS", "web")));
        assertEquals("DOCKER_CONTAINERS 'web:70000' has '70000', which is not a port number (1-65535)",
                problem(Map.of("DOCKER_CONTAINERS", "web:70000")));
        assertEquals("DOCKER_CONTAINERS '-rm' has '-rm', which is not a container name",
                problem(Map.of("DOCKER_CONTAINERS", "-rm", "DOCKER_PORT", "1")));
        assertEquals("DOCKER_BALANCE 'fastest' is not one of random, round-robin, first",
                problem(Map.of("DOCKER_CONTAINERS", "web:1", "DOCKER_BALANCE", "fastest")));
        assertEquals("DOCKER_TIMEOUT '1m' is not a whole number of seconds",
                problem(Map.of("DOCKER_CONTAINERS", "web:1", "DOCKER_TIMEOUT", "1m")));
        assertEquals("DOCKER_CREATE_OPTIONS '--label 'x' has an unterminated single quote",
                problem(Map.of("DOCKER_CONTAINERS", "web:1", "DOCKER_CREATE_OPTIONS", "--label 'x")));
        assertEquals("DOCKER_EPHEMERAL 'maybe' is not yes, no, true or false",
                problem(Map.of("DOCKER_CONTAINERS", "web:1", "DOCKER_EPHEMERAL", "maybe")));
        assertEquals("DOCKER_CONTAINERS ', ,' names no container", problem(Map.of("DOCKER_CONTAINERS", ", ,")));
        assertEquals("SLEEP_MODE 'hibernate' is not one of stop, pause",
                problem(Map.of("DOCKER_CONTAINERS", "web:1", "SLEEP_MODE", "hibernate")));
        assertEquals("SLEEP_MODE=pause keeps containers, paused, and DOCKER_EPHEMERAL=yes removes them: choose one",
                problem(Map.of("DOCKER_CONTAINERS", "web:1", "SLEEP_MODE", "pause", "DOCKER_EPHEMERAL", "yes")));
    }
}
