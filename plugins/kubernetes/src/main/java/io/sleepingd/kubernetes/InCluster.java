package io.sleepingd.kubernetes;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Optional;

/**
 * The API server as a pod sees it, as client-go's in-cluster configuration does: its address from
 * {@code KUBERNETES_SERVICE_HOST}/{@code _PORT}, the service account's CA, token and namespace from
 * the files Kubernetes mounts for it. Used when {@code KUBECONFIG} is not set.
 */
final class InCluster {
    static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

    private InCluster() {
    }

    /**
     * @param environment the daemon's environment
     * @param account     the service account's directory (token, ca.crt, namespace)
     * @throws IllegalArgumentException saying what is missing, when this is not a pod with a service account
     */
    static ApiServer load(Map<String, String> environment, Path account) throws IOException, GeneralSecurityException {
        String host = environment.getOrDefault("KUBERNETES_SERVICE_HOST", "");
        String port = environment.getOrDefault("KUBERNETES_SERVICE_PORT", "");
        if (host.isBlank() || port.isBlank()) {
            throw new IllegalArgumentException("KUBECONFIG is not set and the daemon does not run in a pod"
                    + " (KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set): give KUBECONFIG=/path/to/kubeconfig");
        }
        Path token = account.resolve("token");
        Path ca = account.resolve("ca.crt");
        if (!Files.isReadable(token) || !Files.isReadable(ca)) {
            throw new IllegalArgumentException("KUBECONFIG is not set and the pod's service account token is not readable at "
                    + token + " (automountServiceAccountToken: false?)");
        }
        Path namespaceFile = account.resolve("namespace");
        Optional<String> namespace = Files.isReadable(namespaceFile)
                ? Optional.of(Files.readString(namespaceFile, StandardCharsets.UTF_8).strip()).filter(s -> !s.isEmpty())
                : Optional.empty();
        String authority = host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
        return new ApiServer(URI.create("https://" + authority),
                Optional.of(Pem.context(Optional.of(Pem.certificates(Files.readString(ca, StandardCharsets.US_ASCII))),
                        Optional.empty())),
                new ApiServer.Token.File(token), namespace, "the pod's service account (" + account + ")");
    }
}
