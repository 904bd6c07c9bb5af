package io.sleepingd.kubernetes;

import io.sleepingd.spi.Backend;
import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.BackendProvider;
import io.sleepingd.spi.Endpoint;
import io.sleepingd.spi.Key;
import io.sleepingd.spi.ServiceSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * {@code PROVIDER=kubernetes}: a Deployment or StatefulSet scaled from 0 to {@code K8S_REPLICAS} by
 * the first connection and back to 0 when idle, through the API server's scale subresource, reached
 * with the pod's service account or a kubeconfig file. Connections go to {@code BACKEND} (a
 * Service) or to a ready pod of the workload on {@code K8S_PORT}.
 */
public final class KubernetesProvider implements BackendProvider {
    static final Key<WorkloadKind> KIND = Key.choice("K8S_KIND", WorkloadKind.class);
    static final Key<String> NAME = new Key<>("K8S_NAME", value -> dnsName(value, 253, true));
    static final Key<String> NAMESPACE = new Key<>("K8S_NAMESPACE", value -> dnsName(value, 63, false));
    static final Key<Integer> REPLICAS = Key.number("K8S_REPLICAS");
    static final Key<Path> KUBECONFIG = Key.absolutePath("KUBECONFIG");
    static final Key<String> CONTEXT = Key.text("K8S_CONTEXT");
    static final Key<Integer> PORT = Key.port("K8S_PORT");
    static final Key<Duration> TIMEOUT = Key.seconds("K8S_TIMEOUT");
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    @Override
    public String name() {
        return "kubernetes";
    }

    @Override
    public Set<Key<?>> keys() {
        return Set.of(KIND, NAME, NAMESPACE, REPLICAS, KUBECONFIG, CONTEXT, Key.BACKEND, PORT, TIMEOUT);
    }

    @Override
    public Backend open(ServiceSettings settings) throws BackendException {
        String name = settings.get(NAME).orElseThrow(() -> new BackendException(
                NAME + " is required by PROVIDER=kubernetes: the name of the Deployment or StatefulSet"));
        int replicas = settings.get(REPLICAS).orElse(1);
        if (replicas < 1) {
            throw new BackendException(REPLICAS + " must be at least 1: the workload is scaled to it when woken, and to 0 when idle");
        }
        Optional<Endpoint> backend = settings.get(Key.BACKEND);
        Optional<Integer> port = settings.get(PORT);
        if (backend.isPresent() == port.isPresent()) {
            throw new BackendException((backend.isPresent() ? "BACKEND and " + PORT + " exclude each other" : "BACKEND or "
                    + PORT + " is required by PROVIDER=kubernetes") + ": BACKEND=HOST:PORT to connect to a Service"
                    + " (its cluster IP or DNS name), or " + PORT + "=PORT to connect to a ready pod's IP");
        }
        Optional<Path> kubeconfig = settings.get(KUBECONFIG);
        if (kubeconfig.isEmpty() && settings.get(CONTEXT).isPresent()) {
            throw new BackendException(CONTEXT + " needs KUBECONFIG: the service account has no contexts");
        }
        Duration timeout = settings.get(TIMEOUT).filter(d -> !d.isZero()).orElse(DEFAULT_TIMEOUT);
        ApiServer server = server(kubeconfig, settings.get(CONTEXT));
        String namespace = settings.get(NAMESPACE).or(server::namespace).orElse("default");
        try {
            dnsName(namespace, 63, false); // from the kubeconfig or the service account: it goes into the URL's path
        } catch (IllegalArgumentException e) {
            throw new BackendException("the namespace '" + namespace + "' (from " + kubeconfig.map(path -> KUBECONFIG
                    + " " + path).orElse("the service account") + ") " + e.getMessage());
        }
        return new KubernetesBackend(settings.name(), new Workload(settings.get(KIND).orElse(WorkloadKind.DEPLOYMENT),
                name, namespace), replicas, backend, port, new ApiClient(server, timeout),
                new KubernetesBackend.Shown(kubeconfig.map(Path::toString).orElse(""),
                        settings.get(CONTEXT).orElse(""), timeout));
    }

    private static ApiServer server(Optional<Path> kubeconfig, Optional<String> context) throws BackendException {
        try {
            return kubeconfig.isPresent() ? Kubeconfig.load(kubeconfig.get(), context)
                    : InCluster.load(System.getenv(), InCluster.SERVICE_ACCOUNT);
        } catch (IllegalArgumentException e) {
            throw new BackendException(kubeconfig.map(path -> KUBECONFIG + " " + path + ": ").orElse("") + e.getMessage());
        } catch (IOException e) {
            throw new BackendException(kubeconfig.map(path -> KUBECONFIG + " " + path).orElse("the service account")
                    + " cannot be read: " + e);
        } catch (GeneralSecurityException e) {
            throw new BackendException(kubeconfig.map(path -> KUBECONFIG + " " + path).orElse("the service account")
                    + ": unusable certificate or key: " + e.getMessage());
        }
    }

    /** A Kubernetes object name: a DNS-1123 subdomain (or, for a namespace, label). */
    private static String dnsName(String value, int max, boolean dots) {
        String pattern = dots ? "[a-z0-9]([-a-z0-9.]*[a-z0-9])?" : "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
        if (value.length() > max || !value.matches(pattern)) {
            throw new IllegalArgumentException("is not a Kubernetes name (lower-case letters, digits and '-'"
                    + (dots ? " or '.'" : "") + ", at most " + max + ", starting and ending with a letter or digit)");
        }
        return value;
    }
}
