package io.sleepingd.shell;

import io.sleepingd.spi.Backend;
import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.CheckResult;
import io.sleepingd.spi.Endpoint;
import io.sleepingd.spi.Idleness;
import io.sleepingd.spi.Key;
import io.sleepingd.spi.Trigger;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code SLEEP_MODE=pause} for the shell provider: an idle backend's process (the pid START_CMD printed
 * as a third field, {@code IP PORT PID}, or the one in {@code PAUSE_PIDFILE}) is frozen with everything
 * it started (SIGSTOP), and the next wake thaws it (SIGCONT) instead of running START_CMD: it keeps its
 * memory, and wakes in milliseconds. IDLE_CMD and the rest are the shell provider's.
 *
 * <p>Concurrency: what it knows of the process is one {@link AtomicReference}, set by START and the
 * stop on their threads; the daemon never runs a wake and a stop of one service at once.
 */
final class PausingShellBackend implements Backend {
    private static final Logger LOG = LoggerFactory.getLogger(PausingShellBackend.class);
    static final Key<Path> PIDFILE = Key.absolutePath("PAUSE_PIDFILE");

    /** The process START_CMD started, where it listens, and, while paused, the processes frozen. */
    private record Known(OptionalLong startedPid, Endpoint endpoint, List<Long> frozen) {
    }

    private final ShellCommandBackend shell;
    private final ProcessFreezer freezer;
    private final Optional<Path> pidfile;
    private final String service;
    private final AtomicReference<Known> known = new AtomicReference<>();

    PausingShellBackend(ShellCommandBackend shell, ProcessFreezer freezer, Optional<Path> pidfile, String service) {
        this.shell = shell;
        this.freezer = freezer;
        this.pidfile = pidfile;
        this.service = service;
    }

    /**
     * Down while it is paused (CHECK_CMD is not asked: it would wait on a frozen server). A process a
     * previous daemon froze (PAUSE_PIDFILE names one that is stopped) is thawed first, and then
     * CHECK_CMD says where it listens.
     */
    @Override
    public CheckResult check(Trigger trigger) throws BackendException {
        Known now = known.get();
        if (now != null && !now.frozen().isEmpty()) {
            return new CheckResult.NotRunning();
        }
        Optional<Long> stranded = pidfile.flatMap(ProcessFreezer::readPid).filter(ProcessFreezer::isFrozen);
        if (stranded.isPresent()) {
            LOG.info("service '{}': pid {} in PAUSE_PIDFILE is paused; resuming it", service, stranded.get());
            freezer.thawTree(stranded.get());
        }
        return shell.check(trigger);
    }

    /** Thaws the paused process, or runs START_CMD when there is none (or it is gone). */
    @Override
    public Endpoint start(Trigger trigger) throws BackendException {
        Known now = known.get();
        if (now != null && !now.frozen().isEmpty()) {
            if (freezer.thaw(now.frozen())) {
                known.set(new Known(now.startedPid(), now.endpoint(), List.of()));
                LOG.info("service '{}': resumed the paused processes {}", service, now.frozen());
                return now.endpoint();
            }
            LOG.warn("service '{}': the paused processes {} are gone; running START_CMD", service, now.frozen());
            known.set(null);
        }
        EndpointLine.Started started = EndpointLine.parse(Key.START_CMD.name(), shell.runStart(trigger), true);
        if (started.pid().isEmpty() && pidfile.isEmpty()) {
            LOG.warn("service '{}': START_CMD printed no pid ('IP PORT PID') and PAUSE_PIDFILE is not set: the idle"
                    + " stop cannot pause anything", service);
        }
        known.set(new Known(started.pid(), started.endpoint(), List.of()));
        return started.endpoint();
    }

    /** Freezes the backend's process; with none known, says so (nothing else is stopped: that is what pause asked). */
    @Override
    public void stop() throws BackendException {
        Known now = known.get();
        if (now != null && !now.frozen().isEmpty()) {
            return; // already paused
        }
        Optional<Long> pid = pidfile.flatMap(ProcessFreezer::readPid)
                .or(() -> now == null || now.startedPid().isEmpty() ? Optional.empty()
                        : Optional.of(now.startedPid().getAsLong()));
        if (pid.isEmpty()) {
            throw new BackendException("SLEEP_MODE=pause: no process to pause (START_CMD printed no pid and "
                    + (pidfile.isPresent() ? "PAUSE_PIDFILE " + pidfile.get() + " holds none" : "PAUSE_PIDFILE is not set")
                    + ")");
        }
        List<Long> frozen = freezer.freeze(pid.get());
        LOG.info("service '{}': paused pid {} and its {} descendants", service, pid.get(), frozen.size() - 1);
        if (now != null) { // else its address is unknown: the next wake thaws it and asks CHECK_CMD
            known.set(new Known(now.startedPid(), now.endpoint(), frozen));
        }
    }

    @Override
    public boolean isIdle() throws BackendException {
        return shell.isIdle();
    }

    @Override
    public Idleness idleness() throws BackendException {
        return shell.idleness();
    }

    @Override
    public Map<String, String> settingsInUse() {
        Map<String, String> inUse = new LinkedHashMap<>(shell.settingsInUse());
        inUse.put(Key.SLEEP_MODE.name(), "pause");
        inUse.put(PIDFILE.name(), pidfile.map(Path::toString).orElse(""));
        return inUse;
    }
}
