package io.sleepingd.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The real container engine the docker-cli provider's tests use, and the command line that drives
 * it ({@code DOCKER_COMMAND}): Docker ({@link #start}: the engine .ci/run started, its socket in
 * SLEEPINGD_DOCKER_HOST, or else one this class starts with .ci/docker-engine) or rootful Podman
 * ({@link #podman}: a private one, .ci/podman-engine). No engine is a failure, never a skip.
 */
final class DockerEngine implements AutoCloseable {
    static final String IMAGE = "sleepingd-test/busybox:latest";
    private static final Path CI = Path.of(System.getProperty("sleepingd.root"), ".ci");

    /** {@code docker} or {@code podman}, for messages. */
    final String name;
    private final List<String> cli;
    private final String unreachable;
    /** The engine's directory and the .ci script that stops it; null for an engine someone else runs. */
    private final Path ownDirectory;
    private final Path script;
    /** The containers the current test named: {@link #removeContainers} removes them after it. */
    private final List<String> containers = new CopyOnWriteArrayList<>();

    private DockerEngine(String name, String command, String unreachable, Path ownDirectory, Path script) {
        this.name = name;
        this.cli = List.of(command.split(" "));
        this.unreachable = unreachable;
        this.ownDirectory = ownDirectory;
        this.script = script;
    }

    /** Docker: the shared engine when SLEEPINGD_DOCKER_HOST names one, else a private dockerd. */
    static DockerEngine start() throws IOException, InterruptedException {
        String shared = System.getenv("SLEEPINGD_DOCKER_HOST");
        if (shared != null && !shared.isBlank()) {
            return docker(shared, null);
        }
        Path directory = Files.createTempDirectory("sleepingd-docker");
        Path engine = directory.resolve("engine");
        return docker(startScript("docker-engine", engine, directory, "docker.io and busybox-static"), engine);
    }

    private static DockerEngine docker(String host, Path ownDirectory) {
        return new DockerEngine("docker", "docker --host " + host, "docker --host unix://%s/nothing.sock",
                ownDirectory, CI.resolve("docker-engine"));
    }

    /**
     * Rootful Podman with its own storage and configuration in a private directory (mode 0700, a
     * fresh temporary name); podman has no daemon to share, so every test class gets its own.
     */
    static DockerEngine podman() throws IOException, InterruptedException {
        // A short name: podman refuses a run root longer than 50 characters (conmon's socket paths).
        // podman-engine stop removes the directory, with the start script's output kept in it.
        Path engine = Files.createTempDirectory("podman");
        String command;
        try {
            command = startScript("podman-engine", engine, engine, "podman and busybox-static");
        } catch (AssertionError e) {
            new ProcessBuilder("bash", CI.resolve("podman-engine").toString(), "stop", engine.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                    .waitFor(60, TimeUnit.SECONDS); // removes what a half-done start left, and the directory
            throw e;
        }
        // podman's own client for a podman service, pointed at a socket nobody serves.
        return new DockerEngine("podman", command, "podman --remote --url unix://%s/nothing.sock", engine,
                CI.resolve("podman-engine"));
    }

    /** Runs {@code .ci/SCRIPT start DIRECTORY} in {@code workingDirectory} and returns what it prints. */
    private static String startScript(String script, Path directory, Path workingDirectory, String packages)
            throws IOException, InterruptedException {
        DaemonHarness.Cli started = DaemonHarness.run(workingDirectory, List.of("bash",
                CI.resolve(script).toString(), "start", directory.toString()));
        if (started.exitStatus() != 0) {
            throw new AssertionError("no " + script + " for the docker tests (install " + packages
                    + ", as .ci/run does): " + started.err());
        }
        return started.out().strip();
    }

    /** An engine someone else started and stops (a node of {@link TwoNodeSwarm}): closing it does nothing. */
    static DockerEngine at(String host) {
        return docker(host, null);
    }

    /** A container name of the test's own, unique, for the {@code role} it plays; removed after the test. */
    String name(String role) {
        String name = "sleepingd-test-" + role + "-" + UUID.randomUUID().toString().substring(0, 8);
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
        return String.join(" ", cli);
    }

    /** {@code DOCKER_COMMAND} for this engine's client with no engine to answer it: a socket in {@code dir} nobody serves. */
    String unreachableCommand(Path dir) {
        return unreachable.formatted(dir);
    }

    /** Runs {@code docker ARGS} against this engine and returns its output, failing the test on error. */
    String docker(String... args) throws IOException, InterruptedException {
        DaemonHarness.Cli result = run(args);
        if (result.exitStatus() != 0) {
            throw new AssertionError(name + " " + String.join(" ", args) + " failed: " + result.err());
        }
        return result.out().strip();
    }

    DaemonHarness.Cli run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(cli);
        command.addAll(List.of(args));
        return DaemonHarness.run(Files.createTempDirectory("docker-cli"), command);
    }

    /** Whether the container exists and runs (a paused one runs for Docker, not for Podman). */
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
            Process stop = new ProcessBuilder("bash", script.toString(), "stop", ownDirectory.toString()).start();
            stop.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
