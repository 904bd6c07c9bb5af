package io.sleepingd.daemon;

import io.sleepingd.acceptor.Listener;
import io.sleepingd.config.ConfigException;
import io.sleepingd.config.Configuration;
import io.sleepingd.lifecycle.ServiceSet;
import io.sleepingd.lifecycle.ServiceStatus;
import io.sleepingd.lifecycle.SleepingService;
import io.sleepingd.providers.ProviderCatalog;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileSystemException;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon in the foreground ({@code sleepingd run}): binds every port first (so nothing starts
 * when one cannot be bound), then serves until {@code stop}, SIGTERM or SIGINT, and stops in order:
 * no new connections, live ones finish within {@code SHUTDOWN_GRACE}, awake backends are stopped.
 */
final class Daemon implements ControlServer.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    private final Configuration configuration;
    private final ServiceSet services;
    private final List<Listener> listeners;
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    /** Referenced for the process's life: a collected channel would release the run directory's lock. */
    private final FileLock runLock;
    private ControlServer control;

    private Daemon(Configuration configuration, ServiceSet services, List<Listener> listeners, FileLock runLock) {
        this.configuration = configuration;
        this.services = services;
        this.listeners = listeners;
        this.runLock = runLock;
    }

    /** Runs until stopped; returns the exit status. */
    static int run(Configuration configuration, ProviderCatalog catalog) {
        Path runDirectory = configuration.runDirectory();
        Path socket = RunDirectory.controlSocket(runDirectory);
        FileLock lock;
        try {
            RunDirectory.prepare(runDirectory);
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
        ServiceSet services;
        try {
            services = ServiceSet.open(configuration, catalog);
        } catch (ConfigException e) {
            e.problems().forEach(problem -> LOG.error("{}", problem));
            return 1;
        }
        // A missing or broken plugin costs only the services that name it.
        services.unavailable().forEach(problem -> LOG.error("{}; the service is not started", problem));
        List<Listener> listeners = new ArrayList<>();
        for (SleepingService service : services.services()) {
            try {
                listeners.add(Listener.bind(service.config()));
            } catch (IOException e) {
                LOG.error("{}; nothing started", e.getMessage());
                listeners.forEach(Listener::close);
                return 1;
            }
        }
        Daemon daemon = new Daemon(configuration, services, listeners, lock);
        try {
            daemon.control = ControlServer.start(socket, daemon);
        } catch (IOException e) {
            LOG.error("cannot open the control socket {}: {}", socket, e.getMessage());
            listeners.forEach(Listener::close);
            return 1;
        }
        daemon.serve();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // SIGTERM or SIGINT: stop in order, then leave with status 0 as a stopped daemon should.
            daemon.requestStop();
            daemon.stopped.join();
            Runtime.getRuntime().halt(0);
        }, "signal-shutdown"));
        daemon.stopped.join();
        return 0;
    }

    private void serve() {
        for (int i = 0; i < listeners.size(); i++) {
            SleepingService service = services.services().get(i);
            listeners.get(i).start(service::admit);
            try {
                LOG.info("service '{}' listening on {}", service.config().name(), listeners.get(i).addresses());
            } catch (IOException e) {
                LOG.info("service '{}' listening on port {}", service.config().name(), service.config().port());
            }
        }
        services.startIdleMonitor();
        LOG.info("sleepingd {} running {} service(s); configuration from {}", Version.current(),
                services.services().size(), configuration.files());
    }

    @Override
    public List<String> status() {
        return services.statuses().stream().map(Daemon::describe).toList();
    }

    /** NIO's file errors say only the path; the reason is in the exception's type. */
    static String describe(IOException e) {
        return e instanceof FileSystemException fs && fs.getReason() == null
                ? fs.getFile() + ": " + e.getClass().getSimpleName().replace("Exception", "").replaceAll("(?<!^)([A-Z])", " $1").toLowerCase(java.util.Locale.ROOT)
                : e.getMessage();
    }

    static String describe(ServiceStatus status) {
        StringBuilder line = new StringBuilder(status.name() + " (port " + status.port() + "): " + status.state());
        status.backend().ifPresent(backend -> line.append(", backend ").append(backend));
        line.append(", ").append(status.liveConnections())
                .append(status.liveConnections() == 1 ? " connection" : " connections")
                .append(", ").append(status.bytesRelayed()).append(" bytes relayed");
        return line.toString();
    }

    @Override
    public void requestStop() {
        if (stopRequested.compareAndSet(false, true)) {
            Thread.ofPlatform().name("shutdown").start(this::shutdown);
        }
    }

    private void shutdown() {
        LOG.info("stopping: no new connections; live ones have {} s to finish",
                configuration.shutdownGrace().toSeconds());
        listeners.forEach(Listener::close);
        try {
            services.shutdown(configuration.shutdownGrace());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            LOG.info("sleepingd stopped");
            control.close();
            stopped.complete(null);
        }
    }
}
