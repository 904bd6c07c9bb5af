package io.sleepingd.daemon;

import io.sleepingd.acceptor.Listener;
import io.sleepingd.admin.AdminServer;
import io.sleepingd.admin.AdminView;
import io.sleepingd.admin.StatusJson;
import io.sleepingd.admin.StatusTable;
import io.sleepingd.config.ConfigException;
import io.sleepingd.config.ConfigLoader;
import io.sleepingd.config.Configuration;
import io.sleepingd.config.ServiceConfig;
import io.sleepingd.hooks.EventHooks;
import io.sleepingd.lifecycle.ServiceCounters;
import io.sleepingd.lifecycle.ServiceSet;
import io.sleepingd.lifecycle.ServiceStatus;
import io.sleepingd.lifecycle.SleepingService;
import io.sleepingd.logging.HostPort;
import io.sleepingd.providers.ProviderCatalog;
import io.sleepingd.relay.RelayLoops;
import io.sleepingd.relay.RelayTransport;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The daemon in the foreground ({@code sleepingd run}): binds every port first (so nothing starts
 * when one cannot be bound), then serves until {@code stop}, SIGTERM or SIGINT, and stops in order:
 * no new connections, live ones finish within {@code SHUTDOWN_GRACE}, awake backends are stopped.
 *
 * <p>The control socket's threads (status, reload, stop) and the admin endpoint's (status, metrics,
 * health) read the services through {@code running}'s lock, which a reload holds while it changes them.
 */
final class Daemon implements ControlServer.Handler, AdminView {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    /** Beyond SHUTDOWN_GRACE and the STOP_CMD limit: the last kills, closing sockets, the control socket. */
    private static final Duration SHUTDOWN_MARGIN = Duration.ofSeconds(20);
    /** How often a reload looks whether a changed service's wake has ended, and how long past WAKE_TIMEOUT. */
    private static final Duration WAKE_END_POLL = Duration.ofMillis(50);
    private static final Duration WAKE_END_MARGIN = Duration.ofSeconds(5);

    /** A service the daemon serves, and its listening sockets. */
    private record Running(SleepingService service, Listener listener) {
    }

    private volatile Configuration configuration;
    private final ProviderCatalog catalog;
    private final RelayLoops loops;
    private final ServiceSet services;
    /** By service name, in the configuration's order; changed only by {@link #reload}, under its lock. */
    private final Map<String, Running> running = new LinkedHashMap<>();
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    /** Completes with the exit status once the daemon has stopped. */
    private final CompletableFuture<Integer> stopped = new CompletableFuture<>();
    /** Referenced for the process's life: a collected channel would release the run directory's lock. */
    private final FileLock runLock;
    private ControlServer control;
    private final Optional<SystemdNotifier> systemd = SystemdNotifier.fromEnvironment();
    /** The listening sockets systemd passed on (socket activation), for the first start and every reload. */
    private final SystemdSockets inherited;
    /** Runs each service's ON_EVENT_CMD; services a reload opens get theirs from it too. */
    private final EventHooks hooks;
    /** Each service name's counters, kept across reloads for its metrics. */
    private final ServiceCounters.Registry counters;
    /** The admin HTTP endpoint, when ADMIN_ADDRESS is set; opened by {@link #open}, closed last at shutdown. */
    private Optional<AdminServer> admin = Optional.empty();

    private Daemon(Configuration configuration, ProviderCatalog catalog, RelayLoops loops, ServiceSet services,
            List<Running> started, FileLock runLock, SystemdSockets inherited, EventHooks hooks,
            ServiceCounters.Registry counters) {
        this.inherited = inherited;
        this.hooks = hooks;
        this.counters = counters;
        this.configuration = configuration;
        this.catalog = catalog;
        this.loops = loops;
        this.services = services;
        started.forEach(service -> running.put(service.service().config().name(), service));
        this.runLock = runLock;
    }

    /** Runs until stopped; returns the exit status. */
    static int run(Configuration configuration, ProviderCatalog catalog) {
        Path runDirectory = configuration.runDirectory();
        Path socket = RunDirectory.controlSocket(runDirectory);
        FileLock lock;
        try {
            RunDirectory.prepare(runDirectory);
        } catch (IOException e) {
            LOG.error("{}", e.getMessage()); // names the directory and the reason
            return 1;
        }
        try {
            // Held until the process exits: a second daemon on this directory cannot take it.
            lock = FileChannel.open(RunDirectory.lockFile(runDirectory), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE).tryLock();
        } catch (IOException e) {
            LOG.error("cannot use the run directory {}: {}", runDirectory, describe(e));
            return 1;
        }
        if (lock == null) {
            LOG.error("sleepingd is already running (control socket {})", socket);
            return 1;
        }
        long budget;
        RelayTransport transport;
        try {
            budget = RelayLoops.defaultBudget();
            transport = RelayTransport.configured();
        } catch (IllegalArgumentException e) {
            LOG.error("{}", e.getMessage());
            return 1;
        }
        LOG.debug("relay buffer budget: {} KiB", budget / 1024);
        if (transport == RelayTransport.NIO) {
            RelayTransport.SPLICE.unavailable().ifPresent(why -> LOG.info(
                    "relaying through the JDK's channels (the portable transport): splice cannot run here: {}", why));
        }
        RelayLoops loops = RelayLoops.start(Math.max(1, Runtime.getRuntime().availableProcessors()), budget, transport);
        List<String> socketProblems = new ArrayList<>();
        SystemdSockets inherited = SystemdSockets.fromEnvironment(socketProblems);
        socketProblems.forEach(problem -> LOG.warn("{}", problem));
        Daemon daemon = open(configuration, catalog, loops, lock, inherited, new EventHooks());
        if (daemon == null) {
            loops.close();
            return 1;
        }
        // A dead loop leaves its ports accepting nothing and its connections stuck: better to stop,
        // with a failure status, so that systemd restarts the daemon.
        loops.onDeath(death -> daemon.stop(1, "a relay event loop died"));
        daemon.serve();
        // SIGHUP reloads, as for sshd, nginx and HAProxy, instead of stopping the JVM. sun.misc.Signal is
        // the JDK's only way to handle a signal; its handler runs on a thread the JVM starts for it,
        // never in the signal's context, so it may do anything.
        if (Signal.handle(new Signal("HUP"), hangup -> daemon.reload()) == SignalHandler.SIG_IGN) {
            // The JVM keeps a signal ignored that was ignored when it started (nohup): as nohup means.
            LOG.warn("SIGHUP is ignored (started under nohup?): reload with 'sleepingd reload'");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // SIGTERM or SIGINT: stop in order, then leave with status 0 as a stopped daemon should.
            daemon.requestStop();
            Runtime.getRuntime().halt(daemon.stopped.join());
        }, "signal-shutdown"));
        return daemon.stopped.join();
    }

    /**
     * Opens every service and binds its listening sockets, then the control socket; {@code null}
     * after logging why, with everything bound closed again.
     */
    private static Daemon open(Configuration configuration, ProviderCatalog catalog, RelayLoops loops,
            FileLock lock, SystemdSockets inherited, EventHooks hooks) {
        ServiceSet services;
        ServiceCounters.Registry counters = new ServiceCounters.Registry();
        try {
            services = ServiceSet.open(configuration, catalog, loops, hooks::forService, counters);
        } catch (ConfigException e) {
            e.problems().forEach(problem -> LOG.error("{}", problem));
            return null;
        }
        // A missing or broken plugin costs only the services that name it.
        services.unavailable().forEach(problem -> LOG.error("{}; the service is not started", problem));
        List<Running> started = new ArrayList<>();
        for (SleepingService service : services.services()) {
            try {
                started.add(new Running(service, Listener.bind(service, inherited)));
            } catch (IOException e) {
                LOG.error("{}; nothing started", e.getMessage());
                started.forEach(running -> running.listener().close());
                return null;
            }
        }
        if (started.isEmpty()) {
            // A daemon that serves nothing looks started and is not; a reload cannot add to it what is not there.
            LOG.error("no service to serve: {}; nothing started", configuration.activeServices().isEmpty()
                    ? "the configuration has no active service (ACTIVE=no, or no [section] with a PORT)"
                    : "no active service's provider is installed");
            return null;
        }
        Daemon daemon = new Daemon(configuration, catalog, loops, services, started, lock, inherited, hooks, counters);
        if (configuration.adminAddress().isPresent()) {
            try {
                daemon.admin = Optional.of(AdminServer.start(configuration.adminAddress().get(), daemon));
            } catch (IOException e) {
                LOG.error("{}; nothing started", e.getMessage()); // names ADMIN_ADDRESS and the reason
                started.forEach(running -> running.listener().close());
                return null;
            }
        }
        Path socket = RunDirectory.controlSocket(configuration.runDirectory());
        try {
            daemon.control = ControlServer.start(socket, daemon);
        } catch (IOException e) {
            LOG.error("cannot open the control socket {}: {}", socket, e.getMessage());
            started.forEach(running -> running.listener().close());
            daemon.admin.ifPresent(AdminServer::close);
            return null;
        }
        return daemon;
    }

    private void serve() {
        synchronized (running) {
            running.values().forEach(this::listen);
            running.values().forEach(Daemon::settleRunningBackend);
        }
        services.startIdleMonitor();
        unclaimedSockets().forEach(warning -> LOG.warn("{}", warning));
        admin.ifPresent(endpoint -> LOG.info("admin endpoint on http://{}/ (/metrics, /healthz, /status)",
                HostPort.of(endpoint.address())));
        LOG.info("sleepingd {} running {} service(s); configuration from {}", Version.current(),
                services.services().size(), configuration.files());
        tellSystemd("READY=1");
    }

    /** systemd keeps a socket no service takes open: the kernel queues its connections, which no one answers. */
    private List<String> unclaimedSockets() {
        return inherited.unclaimed().stream().map(address -> "the socket systemd passed on for " + HostPort.of(address)
                + " matches no active service's PORT and BIND: its connections wait unanswered (remove it from"
                + " sleepingd.socket)").toList();
    }

    private void tellSystemd(String state) {
        systemd.ifPresent(notifier -> {
            try {
                notifier.send(state);
            } catch (IOException e) {
                LOG.warn("{} (to say {})", e.getMessage(), state);
            }
        });
    }

    /** The answer to a reload that changed nothing, logged line by line. */
    private static List<String> refused(String reason, List<String> problems) {
        List<String> answer = new ArrayList<>(List.of("error: " + reason + "; nothing changed"));
        answer.addAll(problems);
        answer.forEach(line -> LOG.error("reload: {}", line));
        return answer;
    }

    /** A service that begins to listen adopts or stops a backend that already runs (ON_START_IF_RUNNING). */
    private static void settleRunningBackend(Running service) {
        service.service().settleRunningBackend(service.listener().addresses().getFirst());
    }

    private void listen(Running service) {
        service.listener().serve(loops);
        LOG.info("service '{}' listening on {}{}", service.service().config().name(),
                String.join(", ", service.listener().addresses().stream().map(HostPort::of).toList()),
                service.listener().inherited() > 0 ? " (socket from systemd)" : "");
    }

    /**
     * Reads the configuration files again. A configuration with problems changes nothing. Otherwise a
     * service that is gone, or whose PORT or BIND changed, stops listening, and its live connections get
     * SHUTDOWN_GRACE before its backend is stopped; a new one binds its port and starts asleep. A
     * service whose other settings changed keeps its sockets, its awake backend and its live
     * connections, and new connections get the new settings ({@link #replace}). Unchanged services are
     * not touched. The general section's run directory and
     * plugins directory take a restart to change.
     */
    @Override
    public List<String> reload() {
        Configuration next;
        try {
            next = ConfigurationJudge.judge(() -> ConfigLoader.load(configuration.files(), true), loaded -> catalog,
                    ConfigurationJudge.Purpose.RUN, LOG).configuration();
        } catch (ConfigException e) {
            return refused("the configuration has " + e.counted(), e.problems());
        }
        synchronized (running) {
            if (stopRequested.get()) {
                return List.of("error: sleepingd is stopping");
            }
            Map<String, ServiceConfig> wanted = new LinkedHashMap<>();
            next.activeServices().forEach(service -> wanted.put(service.name(), service));
            List<ServiceConfig> toOpen = wanted.values().stream()
                    .filter(service -> !running.containsKey(service.name())
                            || !running.get(service.name()).service().config().values().equals(service.values()))
                    .toList();
            ServiceSet.Opened opened;
            try {
                opened = ServiceSet.open(toOpen, catalog, loops, hooks::forService, counters);
            } catch (ConfigException e) {
                return refused("a provider rejected the configuration", e.problems());
            }
            List<String> answer = new ArrayList<>();
            int removed = 0;
            Map<String, CompletableFuture<Void>> stopping = new LinkedHashMap<>();
            // Changed services that listen where they did: their sockets stay open for the new settings.
            Map<String, Running> keepListening = new LinkedHashMap<>();
            for (String name : List.copyOf(running.keySet())) {
                ServiceConfig now = wanted.get(name);
                if (now == null || toOpen.contains(now)) {
                    Running old = running.remove(name);
                    if (now != null && now.port() == old.service().config().port()
                            && now.bind().equals(old.service().config().bind())) {
                        keepListening.put(name, old);
                    } else {
                        old.listener().close();
                        stopping.put(name, services.remove(old.service(), next.shutdownGrace()));
                        removed++;
                    }
                }
            }
            int added = 0;
            int changed = 0;
            for (SleepingService service : opened.services()) {
                String name = service.config().name();
                try {
                    Running old = keepListening.remove(name);
                    if (old == null) {
                        // A changed service's first wake waits until the old one has stopped the same backend.
                        service.replaces(stopping.getOrDefault(name, CompletableFuture.completedFuture(null)));
                        Running started = new Running(service, Listener.bind(service, inherited));
                        running.put(name, started);
                        services.add(service);
                        listen(started);
                        settleRunningBackend(started);
                        added++;
                    } else if (old.service().isWaking()) {
                        running.put(name, old); // until its wake ends: the backend it wakes may be handed over
                        Duration grace = next.shutdownGrace();
                        Thread.ofVirtual().name("reload-" + name).start(() -> changeAfterWake(old, service, grace));
                        changed++;
                    } else {
                        running.put(name, changeInPlace(old, service, next.shutdownGrace()));
                        changed++;
                    }
                } catch (IOException e) {
                    answer.add("error: " + e.getMessage() + "; the service is not started");
                }
            }
            for (Running old : keepListening.values()) { // its new settings could not be opened: see unavailable
                old.listener().close();
                services.remove(old.service(), next.shutdownGrace());
                removed++;
            }
            unclaimedSockets().forEach(warning -> answer.add("warning: " + warning));
            opened.unavailable().forEach(problem -> answer.add("error: " + problem + "; the service is not started"));
            if (!next.runDirectory().equals(configuration.runDirectory())
                    || !next.pluginDirectory().equals(configuration.pluginDirectory())
                    || next.jsonLogs() != configuration.jsonLogs()
                    || !next.adminAddress().equals(configuration.adminAddress())) {
                answer.add("warning: VARRUN_PATH, PLUGIN_DIR, LOG_FORMAT and ADMIN_ADDRESS take a restart to change");
            }
            configuration = next;
            counters.retainOnly(running.keySet());
            answer.addFirst("reloaded: " + running.size() + " service(s); " + added + " started, " + removed
                    + " stopped (a moved one is both), " + changed + " changed in place, "
                    + (running.size() - added - changed) + " unchanged");
            answer.forEach(line -> LOG.info("reload: {}", line));
            return answer;
        }
    }

    /** {@code next} takes {@code old}'s place on its sockets: see {@link #replace}. Under {@code running}'s lock. */
    private Running changeInPlace(Running old, SleepingService next, Duration grace) {
        replace(old.service(), next, grace);
        old.listener().handOver(next);
        Running changed = new Running(next, old.listener());
        services.add(next);
        listen(changed);
        return changed;
    }

    /**
     * A service a reload changed while it was waking keeps its place (and gets the connections that
     * arrive meanwhile) until the wake ends, so that the backend it woke, and the connections that
     * waited for it, can be handed over rather than cut after SHUTDOWN_GRACE; bounded by its
     * WAKE_TIMEOUT. A later reload or a stop in between makes these new settings moot.
     */
    private void changeAfterWake(Running old, SleepingService next, Duration grace) {
        long deadline = System.nanoTime() + old.service().config().wakeTimeout().plus(WAKE_END_MARGIN).toNanos();
        try {
            while (old.service().isWaking() && System.nanoTime() - deadline < 0) {
                Thread.sleep(WAKE_END_POLL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (running) {
            String name = next.config().name();
            if (stopRequested.get() || running.get(name) != old) {
                LOG.info("service '{}': the settings a reload read while it was waking are not used: {}", name,
                        stopRequested.get() ? "the daemon is stopping" : "a later reload changed it again");
                return;
            }
            running.put(name, changeInPlace(old, next, grace));
        }
    }

    /**
     * {@code next} replaces {@code old} on the same sockets, and {@code old}'s connections go on to their
     * end (as HAProxy and nginx keep theirs across a reload): {@code next} takes the awake backend over,
     * or, with another provider, {@code old} keeps its own backend until its last connection ends and
     * then stops it. Otherwise (the same provider, asleep or stopping: a waking one is replaced once its
     * wake ended, {@link #changeAfterWake}) {@code old} is taken out as a removed service is, and
     * {@code next}'s first wake waits for its stop, since both would start the same backend.
     */
    private void replace(SleepingService old, SleepingService next, Duration grace) {
        if (old.handOver(next)) {
            services.drop(old);
            return;
        }
        old.forwardTo(next); // new connections, even one the acceptor is handing over now, are next's
        if (!old.config().provider().equals(next.config().provider())) {
            services.retire(old);
        } else {
            next.replaces(services.remove(old, grace));
        }
    }

    /** The services that run, in configuration order. */
    private List<SleepingService> inConfigurationOrder() {
        synchronized (running) {
            List<SleepingService> ordered = new ArrayList<>();
            for (ServiceConfig service : configuration.activeServices()) {
                Running one = running.get(service.name());
                if (one != null) {
                    ordered.add(one.service());
                }
            }
            return ordered;
        }
    }

    @Override
    public List<ServiceStatus> statuses() {
        return inConfigurationOrder().stream().map(SleepingService::status).toList();
    }

    @Override
    public List<String> status(ControlRequest.Status request) {
        List<SleepingService> shown = inConfigurationOrder();
        if (request.service().isPresent()) {
            shown = shown.stream().filter(service -> service.config().name().equals(request.service().get())).toList();
            if (shown.isEmpty()) {
                return List.of("error: no service named '" + request.service().get() + "'; the services are: "
                        + String.join(", ", inConfigurationOrder().stream().map(s -> s.config().name()).toList()));
            }
        }
        List<ServiceStatus> statuses = shown.stream().map(SleepingService::status).toList();
        Map<String, List<ServiceStatus.Connection>> connections = new LinkedHashMap<>();
        if (request.connections()) {
            shown.forEach(service -> connections.put(service.config().name(), service.connections()));
        }
        Instant now = Instant.now();
        if (request.json()) {
            return StatusJson.render(statuses, connections, now).lines().toList();
        }
        List<String> lines = new ArrayList<>(StatusTable.render(statuses, now, ZoneId.systemDefault()));
        connections.forEach((name, live) -> {
            lines.add("");
            lines.add(name + ": live connections");
            lines.addAll(StatusTable.connections(live));
        });
        return lines;
    }

    @Override
    public List<String> listening() {
        return inConfigurationOrder().stream()
                .map(service -> service.config().name() + " (port " + service.config().port() + ")").toList();
    }

    /** Unhealthy while stopping, and while an active service of the configuration does not listen. */
    @Override
    public Optional<String> unhealthy() {
        if (stopRequested.get()) {
            return Optional.of("sleepingd is stopping");
        }
        synchronized (running) {
            List<String> missing = configuration.activeServices().stream().map(ServiceConfig::name)
                    .filter(name -> !running.containsKey(name)).toList();
            return missing.isEmpty() ? Optional.empty() : Optional.of("not listening for "
                    + String.join(", ", missing.stream().map(name -> "'" + name + "'").toList())
                    + " (see the log: a provider not installed, or a port a reload could not bind)");
        }
    }

    @Override
    public String version() {
        return Version.current();
    }

    /** NIO's file errors say only the path; the reason is in the exception's type. */
    static String describe(IOException e) {
        return e instanceof FileSystemException fs && fs.getReason() == null
                ? fs.getFile() + ": " + e.getClass().getSimpleName().replace("Exception", "").replaceAll("(?<!^)([A-Z])", " $1").toLowerCase(Locale.ROOT)
                : e.getMessage();
    }

    @Override
    public void requestStop() {
        stop(0, "asked to stop");
    }

    /**
     * Begins the shutdown, once; the daemon then exits with {@code status}. A watchdog makes sure it
     * does, within SHUTDOWN_GRACE plus the time STOP_CMDs are given plus a margin, whatever hangs.
     */
    private void stop(int status, String why) {
        if (stopRequested.compareAndSet(false, true)) {
            LOG.info("stopping: {}", why);
            Duration bound = configuration.shutdownGrace().plus(ServiceSet.STOP_LIMIT).plus(SHUTDOWN_MARGIN);
            Thread.ofPlatform().daemon().name("shutdown-watchdog").start(() -> {
                try {
                    stopped.get(bound.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    LOG.error("sleepingd did not stop within {} s; exiting now", bound.toSeconds());
                    Runtime.getRuntime().halt(1);
                } catch (InterruptedException | ExecutionException e) {
                    LOG.error("the shutdown watchdog failed: {}", e.toString());
                }
            });
            Thread.ofPlatform().name("shutdown").start(() -> shutdown(status));
        }
    }

    private void shutdown(int status) {
        tellSystemd("STOPPING=1");
        LOG.info("stopping: no new connections; live ones have {} s to finish",
                configuration.shutdownGrace().toSeconds());
        synchronized (running) {
            running.values().forEach(service -> service.listener().close());
        }
        try {
            services.shutdown(configuration.shutdownGrace());
            hooks.close(); // after the services: their last events' hooks run too
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            LOG.info("sleepingd stopped");
            loops.close();
            admin.ifPresent(AdminServer::close);
            control.close();
            stopped.complete(status);
        }
    }
}
