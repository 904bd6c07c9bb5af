package io.sleepingd.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sleepingd.spi.BackendException;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The https side of a kubeconfig against a real TLS server on 127.0.0.1 (the JDK's), with certificates
 * made by the JDK's keytool: the cluster's CA is trusted and no other, a token is sent as a bearer
 * token, and a client certificate is presented to a server that requires one.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ApiClientTlsTest {
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    Path dir;

    /** A key pair and self-signed certificate for 127.0.0.1, made by keytool. */
    private KeyStore identity(String name) throws Exception {
        return identity(name, "ip:127.0.0.1");
    }

    /** A key pair and self-signed certificate for {@code san} (keytool's syntax: {@code dns:NAME}). */
    private KeyStore identity(String name, String san) throws Exception {
        Path store = dir.resolve(name + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "san=" + san, "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, keytool.waitFor(), output);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        return keys;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static String certificatePem(KeyStore keys) throws Exception {
        return pem("CERTIFICATE", keys.getCertificate(keys.aliases().nextElement()).getEncoded());
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Serves one request over TLS with {@code server}'s identity, answering JSON; completes with the request. */
    private static CompletableFuture<String> serveOnce(SSLServerSocket socket) {
        return CompletableFuture.supplyAsync(() -> {
            try (SSLSocket connection = (SSLSocket) socket.accept()) {
                InputStream in = connection.getInputStream();
                ByteArrayOutputStream request = new ByteArrayOutputStream();
                while (!request.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    request.write(b);
                }
                String body = "{\"kind\":\"Deployment\",\"spec\":{\"replicas\":3}}";
                connection.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length() + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
                return request.toString(StandardCharsets.ISO_8859_1);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, command -> Thread.ofVirtual().start(command));
    }

    private SSLServerSocket server(KeyStore identity, Optional<KeyStore> clients) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(identity, PASSWORD);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(clients.orElse(null));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        socket.setNeedClientAuth(clients.isPresent());
        return socket;
    }

    private Path kubeconfig(int port, String cluster, String user) throws Exception {
        return Files.writeString(dir.resolve("kubeconfig"), """
                clusters:
                - name: c
                  cluster:
                    server: https://127.0.0.1:%d
                %s
                contexts:
                - name: c
                  context:
                    cluster: c
                    user: u
                current-context: c
                users:
                - name: u
                  user:
                %s
                """.formatted(port, cluster.indent(4).stripTrailing(), user.indent(4).stripTrailing()));
    }

    @Test
    void theClusterCaIsTrustedAndTheTokenSent() throws Exception {
        KeyStore apiServer = identity("apiserver");
        try (SSLServerSocket socket = server(apiServer, Optional.empty())) {
            CompletableFuture<String> request = serveOnce(socket);
            Path file = kubeconfig(socket.getLocalPort(),
                    "certificate-authority-data: " + base64(certificatePem(apiServer)), "token: t0ken");

            Object answer = new ApiClient(Kubeconfig.load(file, Optional.empty()), Duration.ofSeconds(10))
                    .get("/apis/apps/v1/namespaces/shop/deployments/web", "reading it");

            assertEquals(3, Json.number(answer, "spec", "replicas"));
            assertTrue(request.get().contains("\r\nAuthorization: Bearer t0ken\r\n"), request.get());
        }
    }

    @Test
    void aServerTheCaDidNotSignIsRefused() throws Exception {
        KeyStore apiServer = identity("apiserver");
        Files.writeString(dir.resolve("other-ca.crt"), certificatePem(identity("other")));
        try (SSLServerSocket socket = server(apiServer, Optional.empty())) {
            serveOnce(socket);
            Path file = kubeconfig(socket.getLocalPort(), "certificate-authority: other-ca.crt", "token: t0ken");
            ApiClient api = new ApiClient(Kubeconfig.load(file, Optional.empty()), Duration.ofSeconds(10));

            String message = assertThrows(BackendException.class, () -> api.get("/api", "reading it")).getMessage();

            assertTrue(message.startsWith("reading it failed: cannot reach the Kubernetes API server at https://127.0.0.1:"
                    + socket.getLocalPort() + " (from KUBECONFIG " + file + " (context c))"), message);
        }
    }

    @Test
    void aServerWhoseCertificateTheCaSignedForAnotherNameIsRefused() throws Exception {
        KeyStore apiServer = identity("apiserver", "dns:other.example");
        try (SSLServerSocket socket = server(apiServer, Optional.empty())) {
            serveOnce(socket);
            Path file = kubeconfig(socket.getLocalPort(),
                    "certificate-authority-data: " + base64(certificatePem(apiServer)), "token: t0ken");
            ApiClient api = new ApiClient(Kubeconfig.load(file, Optional.empty()), Duration.ofSeconds(10));

            String message = assertThrows(BackendException.class, () -> api.get("/api", "reading it")).getMessage();

            assertTrue(message.contains("cannot reach the Kubernetes API server at https://127.0.0.1:")
                    && message.contains("No subject alternative"), message);
        }
    }

    @Test
    void aClientCertificateIsPresentedToAServerThatRequiresOne() throws Exception {
        KeyStore apiServer = identity("apiserver");
        KeyStore user = identity("sleepingd");
        X509Certificate userCertificate = (X509Certificate) user.getCertificate("sleepingd");
        KeyStore trustedClients = KeyStore.getInstance("PKCS12");
        trustedClients.load(null, null);
        trustedClients.setCertificateEntry("sleepingd", userCertificate);
        try (SSLServerSocket socket = server(apiServer, Optional.of(trustedClients))) {
            CompletableFuture<String> request = serveOnce(socket);
            Path file = kubeconfig(socket.getLocalPort(),
                    "certificate-authority-data: " + base64(certificatePem(apiServer)),
                    String.join("\n", List.of(
                            "client-certificate-data: " + base64(pem("CERTIFICATE", userCertificate.getEncoded())),
                            "client-key-data: " + base64(pem("PRIVATE KEY", user.getKey("sleepingd", PASSWORD).getEncoded())))));

            new ApiClient(Kubeconfig.load(file, Optional.empty()), Duration.ofSeconds(10)).get("/api", "reading it");

            assertTrue(request.get().startsWith("GET /api HTTP/1.1"), request.get());
        }
    }
}
