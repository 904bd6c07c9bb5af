package io.sleepingd.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Docker Swarm of two nodes, a manager and a worker, that .ci/swarm-two-nodes builds for one test
 * class: a private engine in each of two network namespaces joined by a veth pair (10.213.0.1 and
 * 10.213.0.2), because the tests' shared swarm, advertised on 127.0.0.1, cannot be joined from
 * another host. {@link #close} removes the engines, the namespaces and the veth.
 */
final class TwoNodeSwarm implements AutoCloseable {
    private static final Path SCRIPT = Path.of(System.getProperty("sleepingd.root"), ".ci", "swarm-two-nodes");

    /** The manager's engine, which the daemon's DOCKER_COMMAND drives. */
    final DockerEngine manager;
    /** The manager's network namespace (under /run/netns), where a daemon on the manager node runs. */
    final String managerNetns;
    /** The worker's address, where its host-network services listen; reachable from the manager only. */
    final String workerAddress;
    private final Path directory;

    private TwoNodeSwarm(Path directory, DockerEngine manager, String managerNetns, String workerAddress) {
        this.directory = directory;
        this.manager = manager;
        this.managerNetns = managerNetns;
        this.workerAddress = workerAddress;
    }

    static TwoNodeSwarm start() throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("sleepingd-swarm");
        DaemonHarness.Cli started = DaemonHarness.run(directory, List.of("bash", SCRIPT.toString(), "start",
                directory.resolve("nodes").toString()));
        List<String> lines = started.out().lines().toList();
        if (started.exitStatus() != 0 || lines.size() != 3) {
            removeAll(directory); // the script cleans up after itself; this is for whatever it could not
            throw new AssertionError("no two-node swarm: " + started.out() + started.err());
        }
        return new TwoNodeSwarm(directory, DockerEngine.at(lines.get(0)), lines.get(1), lines.get(2));
    }

    /** What runs a command on the manager's network (and sleepingd's test sockets stay on the host's). */
    List<String> onManagerNetwork() {
        return List.of("nsenter", "--net=/run/netns/" + managerNetns);
    }

    @Override
    public void close() throws Exception {
        removeAll(directory);
    }

    /** Stops the engines, deletes the namespaces (and so the veth), then the directory. */
    private static void removeAll(Path directory) throws IOException, InterruptedException {
        Process stop = new ProcessBuilder("bash", SCRIPT.toString(), "stop", directory.resolve("nodes").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        stop.waitFor(60, TimeUnit.SECONDS);
        new ProcessBuilder("rm", "-rf", "--one-file-system", directory.toString()).start().waitFor(30, TimeUnit.SECONDS);
    }
}
