package io.sleepingd.docker;

import io.sleepingd.docker.DockerSettings.AddressMode;
import io.sleepingd.docker.DockerSettings.Balance;
import io.sleepingd.docker.DockerSettings.Member;
import io.sleepingd.spi.Backend;
import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.CheckResult;
import io.sleepingd.spi.Endpoint;
import io.sleepingd.spi.NothingStartedException;
import io.sleepingd.spi.SleepMode;
import io.sleepingd.spi.Trigger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool of containers (a single container is a pool of one). Every connection is routed to a
 * member chosen by {@code DOCKER_BALANCE}; a member that is not running is started (or created from
 * {@code DOCKER_IMAGE}) for it, one start at a time per member. When the service is idle, every
 * member is stopped, or removed when {@code DOCKER_EPHEMERAL=yes}; so is every member after a wake that
 * failed once a container was created or started ({@link NothingStartedException} tells the daemon when
 * none was).
 *
 * <p>Concurrency: {@code running} is a concurrent map, {@code turn} an atomic counter, and each member
 * has a lock of its own that its start holds; everything else is fixed at construction.
 */
final class DockerBackend implements Backend {
    private static final Logger LOG = LoggerFactory.getLogger(DockerBackend.class);
    /** A container that exits at once is usually gone within this; caught here, it gets a clear message. */
    private static final int EXIT_CHECKS = 3;
    private static final long EXIT_CHECK_PAUSE_MILLIS = 100;

    private final String service;
    private final DockerSettings settings;
    private final DockerCli docker;
    private final Map<String, Endpoint> running = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> starting;
    private final AtomicInteger turn = new AtomicInteger();

    DockerBackend(String service, DockerSettings settings, DockerCli docker) {
        this.service = service;
        this.settings = settings;
        this.docker = docker;
        this.starting = settings.members().stream()
                .collect(Collectors.toUnmodifiableMap(Member::name, member -> new ReentrantLock()));
        settings.hostPortClash().ifPresent(clash -> LOG.warn("service '{}': {}", service, clash));
    }

    @Override
    public Map<String, String> settingsInUse() {
        return settings.inUse();
    }

    @Override
    public CheckResult check(Trigger trigger) throws BackendException {
        running.clear();
        for (Member member : settings.members()) {
            Optional<State> state = inspect(member);
            if (state.isPresent() && state.get().running() && !state.get().paused()) {
                running.put(member.name(), locate(member, state.get()));
            }
        }
        return running.isEmpty() ? new CheckResult.NotRunning()
                : new CheckResult.Running(Optional.of(running.values().iterator().next()));
    }

    @Override
    public Endpoint start(Trigger trigger) throws BackendException {
        return choose();
    }

    @Override
    public Optional<Endpoint> route(Trigger trigger) throws BackendException {
        return Optional.of(choose());
    }

    /** A single container needs no choice: the wake's address serves every connection. */
    @Override
    public boolean routes() {
        return settings.members().size() > 1;
    }

    /** The member for one connection, started if need be. */
    private Endpoint choose() throws BackendException {
        List<Member> members = settings.members();
        if (settings.balance() != Balance.FIRST) {
            int index = settings.balance() == Balance.RANDOM ? ThreadLocalRandom.current().nextInt(members.size())
                    : Math.floorMod(turn.getAndIncrement(), members.size());
            return ensureRunning(members.get(index));
        }
        BackendException last = null;
        boolean touched = false;
        for (Member member : members) {
            try {
                return ensureRunning(member);
            } catch (BackendException e) {
                LOG.warn("service '{}': container {} cannot serve ({}); trying the next one", service, member.name(),
                        e.getMessage());
                last = e;
                touched |= !(e instanceof NothingStartedException);
            }
        }
        // One member that may have been started makes the whole attempt one that started something.
        throw touched && last instanceof NothingStartedException ? new BackendException(last.getMessage(), last)
                : last;
    }

    private Endpoint ensureRunning(Member member) throws BackendException {
        Endpoint known = running.get(member.name());
        if (known != null) {
            return known;
        }
        ReentrantLock lock = starting.get(member.name());
        lock.lock();
        try {
            known = running.get(member.name());
            if (known != null) {
                return known; // another connection started it while we waited
            }
            return startAndLocate(member);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts the member (creating it first if need be) and finds its address. Fails with a
     * {@link NothingStartedException} while no container was created or started, so that the daemon
     * does not stop (or remove) anything for it; once one may have been, with the plain failure.
     */
    private Endpoint startAndLocate(Member member) throws BackendException {
        boolean touched = false;
        try {
            Optional<State> state = inspect(member);
            if (state.isEmpty()) {
                String image = settings.image().orElseThrow(() -> new BackendException("container " + member.name()
                        + " does not exist and DOCKER_IMAGE is not set to create it"));
                touched = true; // a docker create that is killed (DOCKER_TIMEOUT) may have created it
                create(member, image);
            }
            if (state.isPresent() && state.get().paused()) {
                touched = true;
                LOG.info("service '{}': unpausing container {}", service, member.name());
                docker.require("unpausing container " + member.name(), "unpause", member.name());
            } else if (state.isEmpty() || !state.get().running()) {
                touched = true;
                LOG.info("service '{}': starting container {}", service, member.name());
                docker.require("starting container " + member.name(), "start", member.name());
                state = Optional.of(awaitStillRunning(member));
            }
            Endpoint endpoint = locate(member, state.get());
            running.put(member.name(), endpoint);
            return endpoint;
        } catch (NothingStartedException e) {
            throw e;
        } catch (BackendException e) {
            throw touched ? e : NothingStartedException.of(e);
        }
    }

    /** Creates the member; a {@code docker create} that answers with a failure has created nothing. */
    private void create(Member member, String image) throws BackendException {
        // PORT tells the application where to listen, as the original's node example expects.
        List<String> args = new ArrayList<>(List.of("create", "--name", member.name(), "--env",
                "PORT=" + member.port()));
        args.addAll(settings.createArgs());
        args.add(image);
        args.addAll(settings.command());
        LOG.info("service '{}': creating container {} from image {}", service, member.name(), image);
        DockerCli.Result result = docker.run(args.toArray(String[]::new));
        if (!result.ok()) {
            throw new NothingStartedException("creating container " + member.name() + " from image " + image
                    + " failed (docker exit status " + result.status() + "): " + result.err());
        }
    }

    private State awaitStillRunning(Member member) throws BackendException {
        State state = null;
        for (int check = 0; check < EXIT_CHECKS; check++) {
            state = inspect(member).orElseThrow(() -> new BackendException("container " + member.name()
                    + " disappeared right after it was started"));
            if (!state.running()) {
                String logs = docker.run("logs", "--tail", "5", member.name()).err().replace('\n', ' ').strip();
                throw new BackendException("container " + member.name() + " exited at once (exit code "
                        + state.exitCode() + ")" + (logs.isEmpty() ? "" : ": " + logs));
            }
            pause();
        }
        return state;
    }

    /** Where a running member accepts connections, by {@code DOCKER_ADDRESS}. */
    private Endpoint locate(Member member, State state) throws BackendException {
        AddressMode mode = settings.address();
        if (mode == AddressMode.HOST || (mode == AddressMode.AUTO && state.networkMode().equals("host"))) {
            return new Endpoint("127.0.0.1", member.port());
        }
        if (mode == AddressMode.PUBLISHED || mode == AddressMode.AUTO) {
            DockerCli.Result published = docker.run("port", member.name(), member.port() + "/tcp");
            Optional<String> first = published.out().lines().map(String::strip).filter(line -> !line.isEmpty())
                    .findFirst();
            if (published.ok() && first.isPresent()) {
                return publishedEndpoint(first.get());
            }
            if (mode == AddressMode.PUBLISHED) {
                throw new BackendException("container " + member.name() + " publishes no host port for "
                        + member.port() + "/tcp (DOCKER_ADDRESS=published)");
            }
        }
        return state.addresses().stream().findFirst().map(address -> new Endpoint(address, member.port()))
                .orElseThrow(() -> new BackendException("cannot tell where container " + member.name()
                        + " listens: it is not on the host network, publishes no port for " + member.port()
                        + "/tcp and has no address of its own (network mode '" + state.networkMode() + "')"));
    }

    /** {@code 0.0.0.0:32768} or {@code [::]:32768}: a wildcard means "on this host". */
    static Endpoint publishedEndpoint(String line) {
        int colon = line.lastIndexOf(':');
        String host = line.substring(0, colon).replace("[", "").replace("]", "");
        int port = Integer.parseInt(line.substring(colon + 1));
        boolean wildcard = host.equals("0.0.0.0") || host.equals("::");
        return new Endpoint(wildcard ? "127.0.0.1" : host, port);
    }

    /**
     * Stops (or removes) every member, whoever started it: one that fails does not keep the others
     * running. Only an interrupt (the daemon's shutdown is out of time) ends the round early.
     */
    @Override
    public void stop() throws BackendException {
        List<String> failures = new ArrayList<>();
        for (Member member : settings.members()) {
            running.remove(member.name());
            if (Thread.currentThread().isInterrupted()) {
                failures.add(member.name() + ": not tried, interrupted");
                continue;
            }
            try {
                DockerCli.Result result;
                if (settings.sleepMode() == SleepMode.PAUSE) {
                    result = pauseIfRunning(member);
                } else if (settings.ephemeral()) {
                    result = docker.run("rm", "--force", member.name());
                } else {
                    result = docker.run("stop", "--time", Integer.toString(settings.stopTimeout()), member.name());
                }
                if (!result.ok() && !result.noSuchObject()) {
                    failures.add(member.name() + ": " + result.err());
                }
            } catch (BackendException e) {
                failures.add(member.name() + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new BackendException((settings.sleepMode() == SleepMode.PAUSE ? "pausing"
                    : settings.ephemeral() ? "removing" : "stopping") + " containers failed: " + String.join("; ", failures));
        }
    }

    /** {@code docker pause} for a member that runs; one already paused or stopped is left as it is. */
    private DockerCli.Result pauseIfRunning(Member member) throws BackendException {
        Optional<State> state = inspect(member);
        if (state.isEmpty() || !state.get().running() || state.get().paused()) {
            return DockerCli.Result.OK;
        }
        LOG.info("service '{}': pausing container {}", service, member.name());
        return docker.run("pause", member.name());
    }

    /** What {@code docker inspect} says of a container; empty when it does not exist. */
    private Optional<State> inspect(Member member) throws BackendException {
        DockerCli.Result result = docker.run("inspect", "--type", "container", "--format",
                "{{.State.Running}}|{{.State.Paused}}|{{.State.ExitCode}}|{{.HostConfig.NetworkMode}}|"
                        + "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}",
                member.name());
        if (!result.ok()) {
            if (result.noSuchObject()) {
                return Optional.empty();
            }
            throw new BackendException("inspecting container " + member.name() + " failed: " + result.err());
        }
        String[] fields = result.out().strip().split("\\|", -1);
        if (fields.length != 5) {
            throw new BackendException("docker inspect printed '" + result.out().strip() + "' for container "
                    + member.name() + "; expected 5 fields");
        }
        List<String> addresses = List.of(fields[4].strip().split("\\s+")).stream().filter(a -> !a.isEmpty()).toList();
        return Optional.of(new State(fields[0].equals("true"), fields[1].equals("true"), fields[2], fields[3],
                addresses));
    }

    /** The parts of {@code docker inspect} we use. */
    private record State(boolean running, boolean paused, String exitCode, String networkMode, List<String> addresses) {
    }

    private static void pause() throws BackendException {
        try {
            Thread.sleep(EXIT_CHECK_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while starting a container", e);
        }
    }
}
