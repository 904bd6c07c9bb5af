package io.sleepingd.hooks;

import io.sleepingd.config.ServiceConfig;
import io.sleepingd.lifecycle.ServiceEvent;
import io.sleepingd.lifecycle.ServiceEvents;
import io.sleepingd.logging.HostPort;
import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.Command;
import io.sleepingd.spi.CommandResult;
import io.sleepingd.spi.CommandRunner;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a service's {@code ON_EVENT_CMD} for each of its events ({@link ServiceEvent}), with the event
 * in the environment ({@code SLEEPINGD_EVENT} and the rest), through {@code /bin/sh} as the service's
 * {@code USER}, like its other commands. Never on the thread that made the event: a wake does not
 * wait for a hook. Per service, one command at a time, in the events' order, each bounded by
 * {@link #TIMEOUT} (killed with everything it started); at most {@link #WAITING} events wait, and one
 * beyond that is dropped with a warning. A hook's failure is logged, never more.
 *
 * <p>Concurrency: each service's {@link Hook} guards its queue with its own monitor; the commands run
 * on one virtual thread per service at a time, started when an event finds none running, and listed
 * in a concurrent set that the daemon's stop ({@link #close}) reads.
 */
public final class EventHooks {
    private static final Logger LOG = LoggerFactory.getLogger(EventHooks.class);
    /** The keys; blank or unset means no hook of that kind. */
    public static final String COMMAND_KEY = "ON_EVENT_CMD";
    public static final String URL_KEY = "ON_EVENT_URL";
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final int WAITING = 64;
    /** At a daemon stop: how long the hooks still running or waiting may go on, then how long to kill them. */
    static final Duration FINISH = Duration.ofSeconds(5);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    /** The threads running hooks now, for {@link #close}. */
    private final Set<Thread> workers = ConcurrentHashMap.newKeySet();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Webhook.TIMEOUT).build();

    /**
     * The events of {@code service} go to its {@code ON_EVENT_CMD} and its {@code ON_EVENT_URL}, each
     * with a queue of its own, so that a slow webhook does not hold the command back.
     */
    public ServiceEvents forService(ServiceConfig service) {
        String command = service.values().getOrDefault(COMMAND_KEY, "");
        String url = service.values().getOrDefault(URL_KEY, "");
        ServiceEvents toCommand = command.isBlank() ? ServiceEvents.NONE
                : new Hook(service, COMMAND_KEY, event -> runCommand(service, command, event), workers)::submit;
        ServiceEvents toUrl = url.isBlank() ? ServiceEvents.NONE
                : new Hook(service, URL_KEY, new Webhook(http, service, URI.create(url))::post, workers)::submit;
        return event -> {
            toCommand.accept(event);
            toUrl.accept(event);
        };
    }

    /**
     * At a daemon stop: the hooks running or waiting get {@link #FINISH} to end, then are interrupted,
     * which kills their commands with everything they started: none outlives the daemon.
     */
    public void close() throws InterruptedException {
        long deadline = System.nanoTime() + FINISH.toNanos();
        for (Thread worker : List.copyOf(workers)) {
            worker.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
        List<Thread> left = List.copyOf(workers);
        left.forEach(Thread::interrupt);
        for (Thread worker : left) {
            worker.join(KILL_WAIT);
        }
    }

    /** One service's hook: its command and the events waiting for it. */
    private static final class Hook {
        private final ServiceConfig service;
        private final String key;
        private final Consumer<ServiceEvent> action;
        private final Set<Thread> workers;
        /** Guarded by this. */
        private final Queue<ServiceEvent> waiting = new ArrayDeque<>();
        /** Guarded by this: whether a thread is running the commands. */
        private boolean running;

        Hook(ServiceConfig service, String key, Consumer<ServiceEvent> action, Set<Thread> workers) {
            this.service = service;
            this.key = key;
            this.action = action;
            this.workers = workers;
        }

        void submit(ServiceEvent event) {
            synchronized (this) {
                if (waiting.size() >= WAITING) {
                    LOG.warn("service '{}': {} events wait for {} already; '{}' is not passed on",
                            service.name(), WAITING, key, event.type().written());
                    return;
                }
                waiting.add(event);
                if (running) {
                    return;
                }
                running = true;
            }
            Thread worker = Thread.ofVirtual().name("hook-" + service.name()).unstarted(this::drain);
            workers.add(worker);
            worker.start();
        }

        private void drain() {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    ServiceEvent event;
                    synchronized (this) {
                        event = waiting.poll();
                        if (event == null) {
                            running = false;
                            return;
                        }
                    }
                    try {
                        action.accept(event);
                    } catch (RuntimeException e) {
                        LOG.error("service '{}': {} for '{}' failed", service.name(), key, event.type().written(), e);
                    }
                }
                synchronized (this) {
                    LOG.warn("service '{}': the daemon is stopping; {} event(s) not passed to {}",
                            service.name(), waiting.size(), key);
                    waiting.clear();
                    running = false;
                }
            } finally {
                workers.remove(Thread.currentThread());
            }
        }
    }

    private static void runCommand(ServiceConfig service, String command, ServiceEvent event) {
        Command hook = Command.shell(COMMAND_KEY, command, TIMEOUT,
                line -> LOG.warn("service '{}': ON_EVENT_CMD ({}): {}", service.name(), event.type().written(), line))
                .withRunAs(service.runAs()).withEnvironment(environment(service, event)).withFirstLineOnly();
        try {
            CommandResult result = CommandRunner.run(hook);
            if (result.exitStatus() != 0) {
                LOG.warn("service '{}': ON_EVENT_CMD for '{}' exited with status {}", service.name(),
                        event.type().written(), result.exitStatus());
            }
        } catch (BackendException e) {
            LOG.warn("service '{}': ON_EVENT_CMD for '{}' failed: {}", service.name(), event.type().written(),
                    e.getMessage());
        }
    }

    /** What a hook knows of the event: never more than the client's address from the client. */
    static Map<String, String> environment(ServiceConfig service, ServiceEvent event) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SLEEPINGD_EVENT", event.type().written());
        env.put("SLEEPINGD_SERVICE", event.service());
        env.put("SLEEPINGD_PORT", Integer.toString(service.port()));
        env.put("SLEEPINGD_TIME", event.time().toString());
        env.put("SLEEPINGD_REASON", event.reason());
        event.duration().ifPresent(duration -> env.put("SLEEPINGD_DURATION_MS", Long.toString(duration.toMillis())));
        event.client().ifPresent(client -> env.put("SLEEPINGD_CLIENT", HostPort.of(client)));
        return env;
    }
}
