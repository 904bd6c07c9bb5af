package io.sleepingd.systemd;

import io.sleepingd.spi.Backend;
import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.CheckResult;
import io.sleepingd.spi.CommandResult;
import io.sleepingd.spi.Endpoint;
import io.sleepingd.spi.NothingStartedException;
import io.sleepingd.spi.Trigger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service's systemd units. Immutable; its methods run on the threads of the wake, the start-up
 * check and the idle monitor (never two CHECKs or STARTs at once), each running systemctl processes
 * of its own.
 */
final class SystemdBackend implements Backend {
    private static final Logger LOG = LoggerFactory.getLogger(SystemdBackend.class);
    /** systemctl's exit status for a unit that is not loaded (it does not exist). */
    private static final int NOT_LOADED = 5;
    /** How many of the journal's lines {@code systemctl status} adds to a failure. */
    private static final String JOURNAL_LINES = "--lines=5";

    private final String service;
    private final List<String> units;
    private final Endpoint backend;
    private final Systemctl systemctl;

    SystemdBackend(String service, List<String> units, Endpoint backend, Systemctl systemctl) {
        this.service = service;
        this.units = List.copyOf(units);
        this.backend = backend;
        this.systemctl = systemctl;
    }

    /**
     * Running when every unit is active; one that is still activating is not yet. systemctl's exit
     * status says whether any is active, so its lines (one state per unit) decide.
     */
    @Override
    public CheckResult check(Trigger trigger) throws BackendException {
        List<String> states = systemctl.run("is-active", units).out().lines().map(String::strip).toList();
        boolean all = states.size() == units.size() && states.stream().allMatch("active"::equals);
        return all ? new CheckResult.Running(Optional.of(backend)) : new CheckResult.NotRunning();
    }

    /**
     * Starts the units one after the other, each once systemd says the one before has started (for a
     * {@code Type=notify} unit: once it said it is ready), so that the order written is the order of
     * starting even for units that do not order themselves.
     */
    @Override
    public Endpoint start(Trigger trigger) throws BackendException {
        for (int i = 0; i < units.size(); i++) {
            String unit = units.get(i);
            LOG.info("service '{}': systemctl start {}", service, unit);
            Systemctl.Result started = systemctl.run("start", List.of(unit));
            if (started.ok()) {
                continue;
            }
            String failure = "systemctl start " + unit + " failed (exit status " + started.status() + "): "
                    + started.err();
            if (started.status() == NOT_LOADED && i == 0) {
                throw new NothingStartedException(failure);
            }
            throw new BackendException(failure + denied(started.err()) + status(unit));
        }
        return backend;
    }

    /**
     * Stops the units one at a time, in the reverse of their start order (one systemctl call would stop
     * them in parallel), going on past a failure, so that one unit's failure does not leave the others
     * running; a unit that does not exist is nothing to stop.
     */
    @Override
    public void stop() throws BackendException {
        List<String> failures = new ArrayList<>();
        for (String unit : units.reversed()) {
            LOG.info("service '{}': systemctl stop {}", service, unit);
            Systemctl.Result stopped = systemctl.run("stop", List.of(unit));
            if (stopped.status() == NOT_LOADED) {
                LOG.debug("service '{}': nothing to stop: {}", service, stopped.err());
            } else if (!stopped.ok()) {
                failures.add("systemctl stop " + unit + " failed (exit status " + stopped.status() + "): "
                        + stopped.err() + denied(stopped.err()));
            }
        }
        if (!failures.isEmpty()) {
            throw new BackendException(String.join("; ", failures));
        }
    }

    @Override
    public Map<String, String> settingsInUse() {
        Map<String, String> inUse = new LinkedHashMap<>();
        inUse.put(SystemdProvider.UNITS.name(), String.join(" ", units));
        inUse.put(SystemdProvider.USER_MANAGER.name(), systemctl.userManager() ? "yes" : "no");
        inUse.put(SystemdProvider.TIMEOUT.name(), Long.toString(systemctl.timeout().toSeconds()));
        inUse.put("BACKEND", backend.toString());
        return inUse;
    }

    /**
     * What {@code systemctl status} says of a unit that failed: its state and its last journal lines;
     * nothing when it cannot say, so that the start's own failure is what the error reports.
     */
    private String status(String unit) {
        try {
            Systemctl.Result status = systemctl.run("status", List.of("--no-pager", "--full", JOURNAL_LINES, unit));
            String said = CommandResult.oneLine(status.out());
            return said.isEmpty() ? "" : "; systemctl status " + unit + ": " + said;
        } catch (BackendException e) {
            LOG.debug("service '{}': systemctl status {} failed: {}", service, unit, e.getMessage());
            return "";
        }
    }

    /** A hint for the one failure whose fix is not in systemd's message. */
    private static String denied(String err) {
        return err.contains("Access denied") || err.contains("authentication required")
                ? " (the daemon's user may not manage this unit: docs/plugins.md shows the polkit rule that lets it)"
                : "";
    }
}
