package io.sleepingd.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real Docker engine the docker tests use: the one .ci/run started (its socket in
 * SLEEPINGD_DOCKER_HOST), or else one this class starts with .ci/docker-engine. No engine is a
 * failure, never a skip.
 */
final class DockerEngine implements AutoCloseable {
    static final String IMAGE = "sleepingd-test/busybox:latest";
    private static final Path SCRIPT = Path.of(System.getProperty("sleepingd.root"), ".ci", "docker-engine");

    final String host;
    private final Path ownDirectory;
    /** The containers the current test named: {@link #removeContainers} removes them after it. */
    private final List<String> containers = new java.util.concurrent.CopyOnWriteArrayList<>();

    private DockerEngine(String host, Path ownDirectory) {
        this.host = host;
        this.ownDirectory = ownDirectory;
    }

    static DockerEngine start() throws IOException, InterruptedException {
        String shared = System.getenv("SLEEPINGD_DOCKER_HOST");
        if (shared != null && !shared.isBlank()) {
            return new DockerEngine(shared, null);
        }
        Path directory = Files.createTempDirectory("sleepingd-docker");
        DaemonHarness.Cli started = DaemonHarness.run(directory, List.of("bash", SCRIPT.toString(), "start",
                directory.resolve("engine").toString()));
        if (started.exitStatus() != 0) {
            throw new AssertionError("no Docker engine for the docker tests (install docker.io and busybox-static, "
                    + "as .ci/run does): " + started.err());
        }
        return new DockerEngine(started.out().strip(), directory.resolve("engine"));
    }

    /** An engine someone else started and stops (a node of {@link TwoNodeSwarm}): closing it does nothing. */
    static DockerEngine at(String host) {
        return new DockerEngine(host, null);
    }

    /** A container name of the test's own, unique, for the {@code role} it plays; removed after the test. */
    String name(String role) {
        String name = "sleepingd-test-" + role + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        containers.add(name);
        return name;
    }

    /** Removes every container {@link #name} gave out (after each test). */
    void removeContainers() throws IOException, InterruptedException {
        for (String container : containers) {
            run("rm", "--force", container);
        }
        containers.clear();
    }

    /** {@code DOCKER_COMMAND} for a service using this engine. */
    String command() {
        return "docker --host " + host;
    }

    /** Runs {@code docker ARGS} against this engine and returns its output, failing the test on error. */
    String docker(String... args) throws IOException, InterruptedException {
        DaemonHarness.Cli result = run(args);
        if (result.exitStatus() != 0) {
            throw new AssertionError("docker " + String.join(" ", args) + " failed: " + result.err());
        }
        return result.out().strip();
    }

    DaemonHarness.Cli run(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("docker", "--host", host));
        command.addAll(List.of(args));
        return DaemonHarness.run(Files.createTempDirectory("docker-cli"), command);
    }

    /** Whether the container exists and runs. */
    boolean running(String container) throws IOException, InterruptedException {
        DaemonHarness.Cli result = run("inspect", "--format", "{{.State.Running}}", container);
        return result.exitStatus() == 0 && result.out().strip().equals("true");
    }

    boolean exists(String container) throws IOException, InterruptedException {
        return run("inspect", container).exitStatus() == 0;
    }

    @Override
    public void close() throws Exception {
        if (ownDirectory != null) {
            Process stop = new ProcessBuilder("bash", SCRIPT.toString(), "stop", ownDirectory.toString()).start();
            stop.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
