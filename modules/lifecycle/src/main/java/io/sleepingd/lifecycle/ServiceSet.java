package io.sleepingd.lifecycle;

import io.sleepingd.config.ConfigException;
import io.sleepingd.config.Configuration;
import io.sleepingd.config.ServiceConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** All active services of a configuration, their idle monitor, and their orderly shutdown. */
public final class ServiceSet {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceSet.class);

    private final List<SleepingService> services;
    private final ScheduledExecutorService idleMonitor;

    private ServiceSet(List<SleepingService> services) {
        this.services = List.copyOf(services);
        // Checks may block on IDLE_CMD/STOP_CMD; virtual threads let every service check on its own.
        this.idleMonitor = Executors.newScheduledThreadPool(Math.max(1, services.size()),
                Thread.ofVirtual().name("idle-monitor-", 0).factory());
    }

    /** Opens every active service's backend; reports every service that cannot work, not just the first. */
    public static ServiceSet open(Configuration configuration, Providers providers) throws ConfigException {
        List<SleepingService> services = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (ServiceConfig service : configuration.activeServices()) {
            try {
                services.add(new SleepingService(service, providers.open(service)));
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new ServiceSet(services);
    }

    public List<SleepingService> services() {
        return services;
    }

    public void startIdleMonitor() {
        for (SleepingService service : services) {
            ServiceConfig config = service.config();
            if (config.idleStopEnabled()) {
                long every = config.idleCheckInterval().toMillis();
                idleMonitor.scheduleWithFixedDelay(() -> checkIdle(service), every, every, TimeUnit.MILLISECONDS);
            }
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

    public List<ServiceStatus> statuses() {
        return services.stream().map(SleepingService::status).toList();
    }

    /** Stops every service in parallel: the grace period is shared, not added up. */
    public void shutdown(Duration grace) throws InterruptedException {
        idleMonitor.shutdown(); // no interrupt: a STOP_CMD already running must finish, not be killed
        long deadline = System.nanoTime() + grace.toNanos();
        List<Thread> stopping = new ArrayList<>();
        for (SleepingService service : services) {
            stopping.add(Thread.ofVirtual().name("shutdown-" + service.config().name()).start(() -> {
                try {
                    service.shutdown(deadline);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread thread : stopping) {
            thread.join();
        }
    }
}
