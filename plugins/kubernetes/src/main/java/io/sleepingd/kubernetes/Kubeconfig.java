package io.sleepingd.kubernetes;

import io.sleepingd.spi.TrustedFile;
import io.sleepingd.spi.UntrustedFileException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * A kubeconfig file's context, as kubectl reads it: the cluster's {@code server} and CA
 * ({@code certificate-authority-data} or {@code certificate-authority}), the user's {@code token},
 * {@code tokenFile} or client certificate ({@code client-certificate(-data)} and
 * {@code client-key(-data)}), and the context's {@code namespace}. Relative file names are relative to
 * the kubeconfig's directory, as for kubectl. Credential plugins ({@code exec}, {@code auth-provider}),
 * passwords, proxies and {@code insecure-skip-tls-verify} are refused, by name.
 */
final class Kubeconfig {
    private Kubeconfig() {
    }

    /**
     * @param file    the kubeconfig
     * @param context the context to use; empty: its {@code current-context}
     * @throws IllegalArgumentException for a file that does not say how to reach a cluster, saying why
     */
    static ApiServer load(Path file, Optional<String> context) throws IOException, GeneralSecurityException {
        Object root = KubeconfigYaml.parse(Files.readString(trusted(file), StandardCharsets.UTF_8));
        String contextName = context.or(() -> text(root, "current-context"))
                .orElseThrow(() -> new IllegalArgumentException("it has no current-context: set K8S_CONTEXT"));
        Map<?, ?> chosen = named(root, "contexts", contextName, "context");
        String clusterName = text(chosen, "cluster")
                .orElseThrow(() -> new IllegalArgumentException("context '" + contextName + "' names no cluster"));
        Map<?, ?> cluster = named(root, "clusters", clusterName, "cluster");
        Map<?, ?> user = text(chosen, "user").map(name -> named(root, "users", name, "user")).orElse(Map.of());
        Path dir = file.toAbsolutePath().getParent();

        refuse(cluster, "cluster '" + clusterName + "'", "insecure-skip-tls-verify", "proxy-url", "tls-server-name");
        refuse(user, "the user of context '" + contextName + "'", "exec", "auth-provider", "username", "password");
        URI url = server(text(cluster, "server")
                .orElseThrow(() -> new IllegalArgumentException("cluster '" + clusterName + "' has no server")));
        Optional<SSLContext> tls = Optional.empty();
        if (url.getScheme().equals("https")) {
            Optional<List<X509Certificate>> ca = pem(cluster, "certificate-authority", dir).map(Kubeconfig::certificates);
            Optional<Pem.ClientIdentity> client = Optional.empty();
            Optional<String> certificate = pem(user, "client-certificate", dir);
            Optional<String> key = pem(user, "client-key", dir);
            if (certificate.isPresent() != key.isPresent()) {
                throw new IllegalArgumentException("the user of context '" + contextName
                        + "' has a client certificate without its key, or a key without its certificate");
            }
            if (certificate.isPresent()) {
                client = Optional.of(new Pem.ClientIdentity(Pem.certificates(certificate.get()), Pem.privateKey(key.get())));
            }
            tls = Optional.of(Pem.context(ca, client));
        } else if (user.containsKey("client-certificate") || user.containsKey("client-certificate-data")) {
            throw new IllegalArgumentException("a client certificate needs an https:// server");
        }
        Optional<String> tokenFile = text(user, "tokenFile");
        ApiServer.Token token = text(user, "token").<ApiServer.Token>map(ApiServer.Token.Fixed::new)
                .orElse(tokenFile.isPresent() ? new ApiServer.Token.File(trusted(dir.resolve(tokenFile.get())))
                        : new ApiServer.Token.None());
        return new ApiServer(url, tls, token, text(chosen, "namespace"),
                "KUBECONFIG " + file + " (context " + contextName + ")");
    }

    /** Kubernetes API servers are reached by https; http only where the file says so (a local test server). */
    private static URI server(String server) {
        try {
            URI url = new URI(server.endsWith("/") ? server.substring(0, server.length() - 1) : server);
            if (!"https".equals(url.getScheme()) && !"http".equals(url.getScheme()) || url.getHost() == null) {
                throw new IllegalArgumentException("server '" + server + "' is not an https:// URL");
            }
            return url;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("server '" + server + "' is not an https:// URL");
        }
    }

    private static List<X509Certificate> certificates(String pem) {
        try {
            return Pem.certificates(pem);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("certificate-authority: " + e.getMessage());
        }
    }

    /** {@code KEY-data} (base64 of PEM) or the PEM file {@code KEY} names. */
    private static Optional<String> pem(Map<?, ?> owner, String key, Path dir) throws IOException {
        Optional<String> data = text(owner, key + "-data");
        if (data.isPresent()) {
            try {
                return Optional.of(new String(Base64.getMimeDecoder().decode(data.get()), StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + "-data is not base64: " + e.getMessage());
            }
        }
        Optional<String> name = text(owner, key);
        return name.isPresent() ? Optional.of(Files.readString(trusted(dir.resolve(name.get())), StandardCharsets.US_ASCII))
                : Optional.empty();
    }

    /**
     * {@code file}, once it is known that only root or the daemon's user could have written it (and the
     * directories above it): whoever could would choose the server the token goes to, or the CA.
     */
    private static Path trusted(Path file) throws IOException {
        try {
            TrustedFile.check(file);
            return file;
        } catch (UntrustedFileException e) {
            throw new IllegalArgumentException(file + " is refused: it " + e.getMessage());
        }
    }

    private static void refuse(Map<?, ?> owner, String whose, String... keys) {
        for (String key : keys) {
            Object value = owner.get(key);
            if (value != null && !"false".equals(value)) {
                throw new IllegalArgumentException(whose + " uses '" + key + "', which sleepingd does not support:"
                        + " give it a token (a service account's, see examples/kubernetes) or a client certificate");
            }
        }
    }

    /** The {@code field} mapping of the item of list {@code list} whose name is {@code name}. */
    private static Map<?, ?> named(Object root, String list, String name, String field) {
        if (root instanceof Map<?, ?> top && top.get(list) instanceof List<?> items) {
            for (Object item : items) {
                if (item instanceof Map<?, ?> entry && name.equals(entry.get("name"))) {
                    if (entry.get(field) instanceof Map<?, ?> value) {
                        return value;
                    }
                    throw new IllegalArgumentException(list + " entry '" + name + "' has no " + field);
                }
            }
        }
        throw new IllegalArgumentException("it has no " + list + " entry named '" + name + "'");
    }

    private static Optional<String> text(Object owner, String key) {
        return owner instanceof Map<?, ?> map && map.get(key) instanceof String value && !value.isBlank()
                ? Optional.of(value.strip()) : Optional.empty();
    }
}
