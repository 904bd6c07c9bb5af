package io.sleepingd.lifecycle;

import io.sleepingd.config.ConfigException;
import io.sleepingd.config.Configuration;
import io.sleepingd.config.ServiceConfig;
import io.sleepingd.providers.ProviderCatalog;
import io.sleepingd.providers.ProviderUnavailableException;
import io.sleepingd.relay.RelayLoops;
import io.sleepingd.spi.Backend;
import io.sleepingd.spi.IdleProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All active services of a configuration, their idle monitor, and their orderly shutdown.
 *
 * <p>Used by the daemon's main thread (start, shutdown), the control thread (reload: add, remove)
 * and the idle monitor's threads. Which services are scheduled for idle checks changes only under
 * this object's lock; the lists are concurrent so that status and shutdown read them without it.
 */
public final class ServiceSet {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceSet.class);

    private final List<SleepingService> services;
    private final List<String> unavailable;
    private final ScheduledExecutorService idleMonitor;
    /** Guarded by this. */
    private final Map<SleepingService, ScheduledFuture<?>> idleChecks = new HashMap<>();
    /** Services a reload took out that are still stopping: a shutdown waits for them too. */
    private final Set<CompletableFuture<Void>> retiring = ConcurrentHashMap.newKeySet();
    /** Services a reload replaced on the same sockets that still relay connections: a shutdown ends those too. */
    private final Set<SleepingService> replaced = ConcurrentHashMap.newKeySet();
    /** Guarded by this. */
    private boolean monitoring;

    /** Package-private for the tests, which build their services without providers. */
    ServiceSet(List<SleepingService> services, List<String> unavailable) {
        this.services = new CopyOnWriteArrayList<>(services);
        this.unavailable = List.copyOf(unavailable);
        // Checks may block on IDLE_CMD/STOP_CMD; virtual threads let every service check on its own.
        this.idleMonitor = Executors.newScheduledThreadPool(Math.max(1, services.size()),
                Thread.ofVirtual().name("idle-monitor-", 0).factory());
    }

    /**
     * Opens every active service's backend and idle probe. A provider that rejects a service's
     * settings is a configuration error (every one is reported); a provider that is not installed
     * only leaves its own service out (see {@link #unavailable}).
     */
    public static ServiceSet open(Configuration configuration, ProviderCatalog catalog, RelayLoops loops,
            Function<ServiceConfig, ServiceEvents> events, ServiceCounters.Registry counters) throws ConfigException {
        Opened opened = open(configuration.activeServices(), catalog, loops, events, counters);
        return new ServiceSet(opened.services(), opened.unavailable());
    }

    /** Services opened for a reload, not yet part of any set; see {@link #open(List, ProviderCatalog, RelayLoops, Function, ServiceCounters.Registry)}. */
    public record Opened(List<SleepingService> services, List<String> unavailable) {
    }

    /**
     * Opens {@code configs}' services for a reload, to be {@link #add added} once their ports are bound;
     * each tells its events to what {@code events} gives for it (its hooks), and counts on its name's
     * {@code counters}.
     */
    public static Opened open(List<ServiceConfig> configs, ProviderCatalog catalog, RelayLoops loops,
            Function<ServiceConfig, ServiceEvents> events, ServiceCounters.Registry counters) throws ConfigException {
        Backends backends = openBackends(configs, catalog);
        return new Opened(backends.opened().stream()
                .map(b -> new SleepingService(b.config(), b.backend(), b.probe(), loops, events.apply(b.config()),
                        counters.forService(b.config().name())))
                .toList(), backends.unavailable());
    }

    /**
     * What {@code check-config} learns from opening every active service's provider and idle probe
     * (which starts nothing).
     *
     * @param problems      one line each: a setting a provider rejects, a provider not installed
     * @param settingsInUse by service name, what its provider and probe run with, defaults filled in
     *                      ({@link Backend#settingsInUse}); left out when its provider does not say
     */
    public record Checked(List<String> problems, Map<String, Map<String, String>> settingsInUse) {
    }

    public static Checked check(Configuration configuration, ProviderCatalog catalog) {
        Backends backends = openAll(configuration.activeServices(), catalog);
        Map<String, Map<String, String>> inUse = new LinkedHashMap<>();
        for (OpenedBackend opened : backends.opened()) {
            Map<String, String> settings = new LinkedHashMap<>(opened.backend().settingsInUse());
            if (!settings.isEmpty()) {
                opened.probe().ifPresent(probe -> settings.putAll(probe.settingsInUse()));
                inUse.put(opened.config().name(), settings);
            }
        }
        return new Checked(backends.all(), inUse);
    }

    private record OpenedBackend(ServiceConfig config, Backend backend, Optional<IdleProbe> probe) {
    }

    /**
     * @param problems    settings a provider or probe rejects
     * @param unavailable providers and probes that are not installed
     */
    private record Backends(List<OpenedBackend> opened, List<String> problems, List<String> unavailable) {
        /** Every problem, the settings rejected first. */
        List<String> all() {
            List<String> all = new ArrayList<>(problems);
            all.addAll(unavailable);
            return all;
        }
    }

    /** Opens every service it can: a rejected setting is a configuration error, whoever finds it. */
    private static Backends openBackends(List<ServiceConfig> configs, ProviderCatalog catalog)
            throws ConfigException {
        Backends backends = openAll(configs, catalog);
        if (!backends.problems().isEmpty()) {
            throw new ConfigException(backends.all());
        }
        return backends;
    }

    private static Backends openAll(List<ServiceConfig> configs, ProviderCatalog catalog) {
        List<OpenedBackend> opened = new ArrayList<>();
        List<String> unavailable = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (ServiceConfig service : configs) {
            // The backend's and the probe's problems both: every mistake is reported in one run.
            Backend backend = null;
            Optional<IdleProbe> probe = Optional.empty();
            try {
                backend = catalog.openBackend(service);
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            } catch (ProviderUnavailableException e) {
                unavailable.add(e.getMessage());
            }
            try {
                probe = catalog.openProbe(service);
            } catch (ConfigException e) {
                problems.addAll(e.problems());
                backend = null;
            } catch (ProviderUnavailableException e) {
                unavailable.add(e.getMessage());
                backend = null;
            }
            if (backend != null) {
                opened.add(new OpenedBackend(service, backend, probe));
            }
        }
        return new Backends(opened, problems, unavailable);
    }

    /**
     * Takes a service out of the set, with no more idle checks: one that has nothing left (it handed its
     * backend and connections over), and the first step of {@link #remove} and {@link #retire}.
     */
    public void drop(SleepingService service) {
        services.remove(service);
        synchronized (this) {
            ScheduledFuture<?> checks = idleChecks.remove(service);
            if (checks != null) {
                checks.cancel(false);
            }
        }
    }

    /** Adds a service opened for a reload; its idle checks start with it. */
    public synchronized void add(SleepingService service) {
        services.add(service);
        if (monitoring) {
            scheduleIdleChecks(service);
        }
    }

    /**
     * Takes a service out (a reload dropped or changed it): no more idle checks; in the background,
     * its live connections get {@code grace} to finish, then its backend is stopped as at shutdown.
     *
     * @return completes once the backend is stopped
     */
    public CompletableFuture<Void> remove(SleepingService service, Duration grace) {
        drop(service);
        long deadline = System.nanoTime() + grace.toNanos();
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        Thread.ofVirtual().name("remove-" + service.config().name()).start(() -> {
            try {
                service.shutdown(deadline, StopReason.RELOAD, "a reload took the service out");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                stopped.complete(null);
            }
        });
        retiring.add(stopped);
        stopped.whenComplete((done, failure) -> retiring.remove(stopped));
        return stopped;
    }

    /**
     * Takes out a service a reload replaced on the same sockets, with its own backend
     * ({@link SleepingService#forwardTo}): no more idle checks; its live connections go on to their
     * end, with no grace period (a daemon stop gives them the grace period of all), and then its
     * backend is stopped.
     */
    public void retire(SleepingService service) {
        drop(service);
        replaced.add(service);
        Thread.ofVirtual().name("retire-" + service.config().name()).start(() -> {
            try {
                // A daemon stop meanwhile shuts it down too (see shutdown): its backend is stopped once,
                // by whichever gets there first (ServiceCore.replace).
                service.awaitNoLiveConnections();
                service.shutdown(System.nanoTime(), StopReason.RELOAD,
                        "a reload replaced the service and its last connection ended");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                replaced.remove(service);
            }
        });
    }

    /** The services now in the set, in configuration order and then as reloads added them. */
    public List<SleepingService> services() {
        return List.copyOf(services);
    }

    /** Why services that are configured are not in {@link #services()}: their provider is missing. */
    public List<String> unavailable() {
        return unavailable;
    }

    /** Starts each service's idle checks, and those of services added later; once. */
    public synchronized void startIdleMonitor() {
        if (monitoring) {
            return;
        }
        monitoring = true;
        services.forEach(this::scheduleIdleChecks);
    }

    /** Under this object's lock. */
    private void scheduleIdleChecks(SleepingService service) {
        ServiceConfig config = service.config();
        if (config.idleStopEnabled() && !idleChecks.containsKey(service)) {
            long every = config.idleCheckInterval().toMillis();
            idleChecks.put(service, idleMonitor.scheduleWithFixedDelay(() -> checkIdle(service), every, every,
                    TimeUnit.MILLISECONDS));
        }
    }

    private static void checkIdle(SleepingService service) {
        try {
            service.checkIdle();
        } catch (RuntimeException e) {
            // An exception would cancel the schedule for good: log it and keep checking.
            LOG.error("service '{}': idle check failed", service.config().name(), e);
        }
    }

    /**
     * How long STOP_CMDs (and idle stops already running) may go on at shutdown after the grace period:
     * a daemon that is told to stop must stop. Then they are interrupted, which kills the commands.
     */
    public static final Duration STOP_LIMIT = Duration.ofSeconds(60);
    /** How long an interrupted stop has to end after that: killing a process tree is quick. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    /** Stops every service in parallel: the grace period is shared, not added up. */
    public void shutdown(Duration grace) throws InterruptedException {
        idleMonitor.shutdown(); // no interrupt: a STOP_CMD already running must finish, not be killed
        long deadline = System.nanoTime() + grace.toNanos();
        List<Thread> stopping = new ArrayList<>();
        List<SleepingService> all = new ArrayList<>(services);
        all.addAll(replaced); // their connections are cut with the others', and what they own is stopped
        for (SleepingService service : all) {
            stopping.add(Thread.ofVirtual().name("shutdown-" + service.config().name()).start(() -> {
                try {
                    service.shutdown(deadline, StopReason.SHUTDOWN, "the daemon is stopping");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        long limit = deadline + STOP_LIMIT.toNanos();
        for (Thread thread : stopping) {
            thread.join(Duration.ofNanos(Math.max(1, limit - System.nanoTime())));
        }
        for (int i = 0; i < stopping.size(); i++) {
            if (stopping.get(i).isAlive()) {
                LOG.error("service '{}': still stopping {} s after the grace period; killing its command",
                        all.get(i).config().name(), STOP_LIMIT.toSeconds());
                stopping.get(i).interrupt(); // the command runner kills the command's process tree
            }
        }
        long killed = System.nanoTime() + KILL_WAIT.toNanos();
        for (Thread thread : stopping) {
            thread.join(Duration.ofNanos(Math.max(1, killed - System.nanoTime())));
        }
        for (CompletableFuture<Void> stopped : List.copyOf(retiring)) {
            try {
                stopped.get(Math.max(1, limit - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                LOG.error("a service taken out by a reload was still stopping when the daemon stopped");
            }
        }
    }
}
