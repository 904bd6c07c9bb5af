package io.sleepingd.docker;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.CommandTimeoutException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the provider runs the docker command line, with a stand-in for docker (a shell script given as
 * {@code DOCKER_COMMAND}): its answer on standard error is kept, and one that hangs is killed at
 * {@code DOCKER_TIMEOUT} with everything it started. The real engine is DockerIT's (modules/daemon).
 */
@Timeout(60)
class DockerCliTest {
    @TempDir
    Path dir;

    /** A docker command that runs {@code script} (its arguments in "$@"). */
    private DockerCli docker(String script, Duration timeout) throws IOException {
        Path fake = Files.writeString(dir.resolve("docker"), "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        return new DockerCli("web", List.of(fake.toString()), timeout, Optional.empty());
    }

    @Test
    void whatDockerSaysOnStandardErrorIsItsAnswer() throws Exception {
        DockerCli docker = docker("echo 'Error: No such object: web' >&2; exit 1", Duration.ofSeconds(60));

        DockerCli.Result result = docker.run("inspect", "web");

        assertAll(
                () -> assertEquals(1, result.status()),
                () -> assertEquals("Error: No such object: web", result.err()),
                () -> assertTrue(result.noSuchObject(), "no such object"));
    }

    @Test
    void dockerThatCannotReachItsDaemonFailsTheCommandSayingSo() throws Exception {
        DockerCli docker = docker("echo 'Cannot connect to the Docker daemon at unix:///x.sock. Is the docker daemon"
                + " running?' >&2; exit 1", Duration.ofSeconds(60));

        BackendException e = assertThrows(BackendException.class, () -> docker.run("inspect", "web"));

        assertEquals("the docker daemon is unreachable: Cannot connect to the Docker daemon at unix:///x.sock. Is the"
                + " docker daemon running?", e.getMessage());
    }

    @Test
    void podmanThatCannotReachItsServiceFailsTheCommandSayingSo() throws Exception {
        // podman --remote --url unix:///x.sock, as Podman 4.3 answers when nothing serves the socket.
        DockerCli docker = docker("echo 'Cannot connect to Podman. Please verify your connection to the Linux system"
                + " using `podman system connection list`, or try `podman machine init` and `podman machine start` to"
                + " manage a new Linux VM' >&2; echo 'Error: unable to connect to Podman socket: Get"
                + " \"http://d/v4.3.1/libpod/_ping\": dial unix /x.sock: connect: no such file or directory' >&2; exit 125",
                Duration.ofSeconds(60));

        BackendException e = assertThrows(BackendException.class, () -> docker.run("inspect", "web"));

        assertTrue(e.getMessage().startsWith("the docker daemon is unreachable: Cannot connect to Podman."),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("/ Error: unable to connect to Podman socket: Get"
                + " \"http://d/v4.3.1/libpod/_ping\": dial unix /x.sock: connect: no such file or directory"),
                e.getMessage());
    }

    @Test
    void podmansNoSuchContainerIsANoSuchObject() throws Exception {
        // podman inspect and podman stop of a container that does not exist (Podman 4.3).
        DockerCli.Result inspect = docker("echo 'Error: inspecting object: no such container web' >&2; exit 125",
                Duration.ofSeconds(60)).run("inspect", "web");
        DockerCli.Result stop = docker("echo 'Error: no container with name or ID \"web\" found: no such container'"
                + " >&2; exit 125", Duration.ofSeconds(60)).run("stop", "web");

        assertTrue(inspect.noSuchObject(), inspect.err());
        assertTrue(stop.noSuchObject(), stop.err());
    }

    @Test
    void aMultiLineAnswerBecomesOneLineForTheLog() throws Exception {
        DockerCli docker = docker("printf 'Error response from daemon: failed to create\\n\\n  network bridge not found\\n' >&2;"
                + " exit 1", Duration.ofSeconds(60));

        assertEquals("Error response from daemon: failed to create / network bridge not found",
                docker.run("start", "web").err());
    }

    @Test
    void aMissingDockerCommandIsNamed() {
        DockerCli docker = new DockerCli("web", List.of("/nonexistent/docker"), Duration.ofSeconds(60), Optional.empty());

        BackendException e = assertThrows(BackendException.class, () -> docker.run("inspect", "web"));

        assertEquals("cannot run the docker command '/nonexistent/docker' (inspect): '/nonexistent/docker' is not an "
                + "executable file", e.getMessage());
    }

    @Test
    void aDockerCommandThatHangsIsKilledWithEverythingItStartedAtDockerTimeout() throws Exception {
        Path pidFile = dir.resolve("escaped.pid");
        // Like a CLI plugin that double-forks a helper out of its session: ( setsid helper & ).
        DockerCli docker = docker("( setsid sh -c 'echo $$ > " + pidFile + "; exec sleep 777' & )\n"
                + "while [ ! -s " + pidFile + " ]; do sleep 0.05; done\nsleep 1000", Duration.ofSeconds(1));
        try {
            CommandTimeoutException e = assertThrows(CommandTimeoutException.class, () -> docker.run("start", "web"));

            assertEquals("the docker command '" + dir.resolve("docker") + "' (start) did not finish within 1 s; killed "
                    + "it and its child processes (DOCKER_TIMEOUT)", e.getMessage());
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            while (isAlive(pid)) {
                Thread.sleep(20); // a survivor never dies and fails the @Timeout
            }
        } finally {
            if (Files.exists(pidFile)) {
                ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /** Alive means it exists and is not a zombie waiting to be reaped. */
    private static boolean isAlive(long pid) throws IOException {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(line -> line.startsWith("State:"))
                    .noneMatch(line -> line.contains("Z (zombie)") || line.contains("X (dead)"));
        } catch (NoSuchFileException e) {
            return false;
        }
    }
}
