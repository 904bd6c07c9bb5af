package io.sleepingd.kubernetes;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Where the API server is and how to authenticate to it, from a kubeconfig file or from the pod's
 * service account: what {@link ApiClient} needs, whatever the source.
 *
 * @param url       the server's base URL ({@code https://...}; {@code http://} only when a kubeconfig says so)
 * @param tls       for https: the CA to trust and the client certificate, if any
 * @param token     the bearer token, if the user has one
 * @param namespace the namespace the source names (the context's, or the service account's), if any
 * @param origin    where these came from, for messages: {@code KUBECONFIG /etc/sleepingd/kube.yaml (context prod)}
 */
record ApiServer(URI url, Optional<SSLContext> tls, Token token, Optional<String> namespace, String origin) {

    /** A bearer token, read for each request where it lives in a file, since kubelet rotates that file. */
    sealed interface Token {
        /** The token to send now, if any. */
        Optional<String> read() throws IOException;

        /** No token: a client certificate, or no authentication at all. */
        record None() implements Token {
            @Override
            public Optional<String> read() {
                return Optional.empty();
            }
        }

        /** A token written in the kubeconfig. */
        record Fixed(String value) implements Token {
            @Override
            public Optional<String> read() {
                return Optional.of(value);
            }

            @Override
            public String toString() {
                return "Fixed[hidden]";
            }
        }

        /** A token in a file: the service account's, or a kubeconfig's {@code tokenFile}. */
        record File(Path path) implements Token {
            @Override
            public Optional<String> read() throws IOException {
                return Optional.of(Files.readString(path, StandardCharsets.UTF_8).strip());
            }
        }
    }
}
