package io.sleepingd.kubernetes;

import io.sleepingd.spi.Backend;
import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.CheckResult;
import io.sleepingd.spi.Endpoint;
import io.sleepingd.spi.NothingStartedException;
import io.sleepingd.spi.Trigger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Deployment or StatefulSet: woken by setting its scale to {@code K8S_REPLICAS} and waiting until
 * the workload's controller reports a ready replica, put to sleep by setting it to 0. Immutable; the
 * wake's and the idle monitor's threads call it, never at once.
 */
final class KubernetesBackend implements Backend {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesBackend.class);
    /** How often a wake reads the workload's status: pods start in seconds, the API answers in ms. */
    private static final Duration POLL = Duration.ofMillis(250);

    /** Settings shown by check-config that the backend itself does not use. */
    record Shown(String kubeconfig, String context, Duration timeout) {
    }

    private final String service;
    private final Workload workload;
    private final int replicas;
    private final Optional<Endpoint> backend;
    private final Optional<Integer> podPort;
    private final ApiClient api;
    private final Shown shown;

    KubernetesBackend(String service, Workload workload, int replicas, Optional<Endpoint> backend,
            Optional<Integer> podPort, ApiClient api, Shown shown) {
        this.service = service;
        this.workload = workload;
        this.replicas = replicas;
        this.backend = backend;
        this.podPort = podPort;
        this.api = api;
        this.shown = shown;
    }

    /** Running when the workload wants replicas and one is ready (so a daemon started while it runs adopts it). */
    @Override
    public CheckResult check(Trigger trigger) throws BackendException {
        Object current = read();
        if (!ready(current)) {
            return new CheckResult.NotRunning();
        }
        Optional<Endpoint> endpoint = endpoint(current);
        return endpoint.isPresent() ? new CheckResult.Running(endpoint) : new CheckResult.NotRunning();
    }

    /**
     * Scales the workload to {@code K8S_REPLICAS}, then reads its status until a replica is ready (and
     * the controller has seen the new scale), or a condition says it cannot start; the daemon
     * interrupts it at {@code WAKE_TIMEOUT}.
     */
    @Override
    public Endpoint start(Trigger trigger) throws BackendException {
        try {
            Object current = read(); // a workload that does not exist (or may not be read) fails before it is touched
            if (podPort.isPresent()) {
                selector(current);
            }
        } catch (BackendException e) {
            throw NothingStartedException.of(e);
        }
        LOG.info("service '{}': scaling {} to {}", service, workload, replicas);
        api.mergePatch(workload.scalePath(), "{\"spec\":{\"replicas\":" + replicas + "}}",
                "scaling " + workload + " to " + replicas);
        while (true) {
            Object current = read();
            // conditions from before the scale (an old rollout's deadline) say nothing until the controller has seen it
            Optional<String> failure = observed(current) ? failure(current) : Optional.empty();
            if (failure.isPresent()) {
                throw new BackendException(workload + " did not start: " + failure.get());
            }
            if (ready(current)) {
                Optional<Endpoint> endpoint = endpoint(current);
                if (endpoint.isPresent()) {
                    return endpoint.get();
                }
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendException("interrupted while waiting for a ready replica of " + workload, e);
            }
        }
    }

    /** Scales to 0; a workload already at 0 is scaled again (a no-op), one that is gone has nothing to stop. */
    @Override
    public void stop() throws BackendException {
        LOG.info("service '{}': scaling {} to 0", service, workload);
        try {
            api.mergePatch(workload.scalePath(), "{\"spec\":{\"replicas\":0}}", "scaling " + workload + " to 0");
        } catch (ApiException e) {
            if (e.status() != 404) {
                throw e;
            }
            LOG.warn("service '{}': nothing to stop: {}", service, e.getMessage());
        }
    }

    private Object read() throws BackendException {
        return api.get(workload.path(), "reading " + workload);
    }

    /**
     * Wanted and ready replicas, as reported by a controller that has seen the latest spec: just after a
     * scale to 0, the status may still count the replicas that are going away.
     */
    private static boolean ready(Object workload) {
        return Json.number(workload, "spec", "replicas") > 0
                && Json.number(workload, "status", "readyReplicas") > 0
                && observed(workload);
    }

    /** Whether the workload's controller has seen its latest spec (the new scale). */
    private static boolean observed(Object workload) {
        return Json.number(workload, "status", "observedGeneration") >= Json.number(workload, "metadata", "generation");
    }

    /** A condition that says the workload will not start by waiting: a Deployment's ReplicaFailure or deadline. */
    private static Optional<String> failure(Object workload) {
        for (Object condition : Json.array(workload, "status", "conditions")) {
            String type = Json.string(condition, "type").orElse("");
            String status = Json.string(condition, "status").orElse("");
            String reason = Json.string(condition, "reason").orElse("");
            if ((type.equals("ReplicaFailure") && status.equals("True"))
                    || (type.equals("Progressing") && status.equals("False") && reason.equals("ProgressDeadlineExceeded"))) {
                return Optional.of(type + " (" + reason + "): " + Json.string(condition, "message").orElse(""));
            }
        }
        return Optional.empty();
    }

    /** BACKEND; else a ready pod of the workload, on K8S_PORT (empty while none is ready). */
    private Optional<Endpoint> endpoint(Object current) throws BackendException {
        if (backend.isPresent()) {
            return backend;
        }
        Object pods = api.get(workload.podsPath(selector(current)), "listing the pods of " + workload);
        for (Object pod : Json.array(pods, "items")) {
            Optional<String> ip = Json.string(pod, "status", "podIP");
            if (ip.isPresent() && Json.at(pod, "metadata", "deletionTimestamp").isEmpty() && podReady(pod)) {
                return Optional.of(new Endpoint(ip.get(), podPort.orElseThrow()));
            }
        }
        return Optional.empty();
    }

    private static boolean podReady(Object pod) {
        return Json.array(pod, "status", "conditions").stream().anyMatch(condition ->
                Json.string(condition, "type").orElse("").equals("Ready")
                        && Json.string(condition, "status").orElse("").equals("True"));
    }

    /** The workload's {@code spec.selector.matchLabels} as a URL-encoded label selector. */
    private String selector(Object current) throws BackendException {
        if (!Json.array(current, "spec", "selector", "matchExpressions").isEmpty()) {
            throw new BackendException(workload + " selects its pods with matchExpressions, which K8S_PORT does not"
                    + " follow: set BACKEND to a Service instead");
        }
        StringJoiner selector = new StringJoiner(",");
        if (Json.at(current, "spec", "selector", "matchLabels").orElse(null) instanceof Map<?, ?> labels) {
            labels.forEach((key, value) -> selector.add(key + "=" + value));
        }
        if (selector.length() == 0) {
            throw new BackendException(workload + " has no spec.selector.matchLabels to find its pods by: set BACKEND to a Service");
        }
        return URLEncoder.encode(selector.toString(), StandardCharsets.UTF_8);
    }

    @Override
    public Map<String, String> settingsInUse() {
        Map<String, String> inUse = new LinkedHashMap<>();
        inUse.put(KubernetesProvider.KIND.name(), workload.kind().name().toLowerCase(java.util.Locale.ROOT));
        inUse.put(KubernetesProvider.NAME.name(), workload.name());
        inUse.put(KubernetesProvider.NAMESPACE.name(), workload.namespace());
        inUse.put(KubernetesProvider.REPLICAS.name(), Integer.toString(replicas));
        inUse.put(KubernetesProvider.KUBECONFIG.name(), shown.kubeconfig());
        inUse.put(KubernetesProvider.CONTEXT.name(), shown.context());
        inUse.put("BACKEND", backend.map(Endpoint::toString).orElse(""));
        inUse.put(KubernetesProvider.PORT.name(), podPort.map(String::valueOf).orElse(""));
        inUse.put(KubernetesProvider.TIMEOUT.name(), Long.toString(shown.timeout().toSeconds()));
        return inUse;
    }

    @Override
    public String toString() {
        return "KubernetesBackend[" + service + ", " + workload + "]";
    }
}
