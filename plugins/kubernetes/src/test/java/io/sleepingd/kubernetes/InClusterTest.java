package io.sleepingd.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service account's files as Kubernetes mounts them, in a folder of the test's. */
class InClusterTest {
    @TempDir
    Path account;

    private void mount(String token) throws Exception {
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-nodes", "-keyout", "/dev/null", "-subj", "/CN=kubernetes", "-days", "1")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String ca = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertEquals(0, openssl.waitFor());
        Files.writeString(account.resolve("ca.crt"), ca);
        Files.writeString(account.resolve("token"), token);
        Files.writeString(account.resolve("namespace"), "shop");
    }

    @Test
    void aPodReachesTheApiServerWithItsServiceAccount() throws Exception {
        mount("first-token");

        ApiServer server = InCluster.load(Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443"),
                account);

        assertEquals(URI.create("https://10.96.0.1:443"), server.url());
        assertTrue(server.tls().isPresent());
        assertEquals(Optional.of("shop"), server.namespace());
        assertEquals(Optional.of("first-token"), server.token().read());
        Files.writeString(account.resolve("token"), "rotated-token");
        assertEquals(Optional.of("rotated-token"), server.token().read(), "read again: kubelet rotates it");
    }

    @Test
    void anIpv6ServiceHostIsBracketed() throws Exception {
        mount("t");

        assertEquals(URI.create("https://[fd00::1]:443"), InCluster.load(Map.of("KUBERNETES_SERVICE_HOST", "fd00::1",
                "KUBERNETES_SERVICE_PORT", "443"), account).url());
    }

    @Test
    void outsideAPodKubeconfigIsAskedFor() {
        String message = assertThrows(IllegalArgumentException.class, () -> InCluster.load(Map.of(), account)).getMessage();

        assertTrue(message.startsWith("KUBECONFIG is not set and the daemon does not run in a pod"), message);
    }
}
