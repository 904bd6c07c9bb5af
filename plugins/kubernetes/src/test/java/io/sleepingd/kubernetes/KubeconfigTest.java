package io.sleepingd.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigTest {
    private static final String TWO_CONTEXTS = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: local
              cluster:
                server: http://127.0.0.1:8080/
            - name: other
              cluster:
                server: http://10.1.2.3:6443
            contexts:
            - name: local
              context:
                cluster: local
                user: dev
                namespace: shop
            - name: other
              context:
                cluster: other
                user: from-file
            current-context: local
            users:
            - name: dev
              user:
                token: secret-token
            - name: from-file
              user:
                tokenFile: tokens/sleepingd
            """;

    @TempDir
    Path dir;

    private Path write(String text) throws Exception {
        return Files.writeString(dir.resolve("kubeconfig"), text);
    }

    @Test
    void aKubeconfigOthersMayWriteIsRefused() throws Exception {
        Path file = write(TWO_CONTEXTS);
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));

        var e = assertThrows(IllegalArgumentException.class, () -> Kubeconfig.load(file, Optional.empty()));
        assertEquals(file + " is refused: it is writable by group or others (mode 0666)", e.getMessage());
    }

    @Test
    void theCurrentContextGivesTheServerTheTokenAndTheNamespace() throws Exception {
        Path file = write(TWO_CONTEXTS);

        ApiServer server = Kubeconfig.load(file, Optional.empty());

        assertEquals(URI.create("http://127.0.0.1:8080"), server.url());
        assertEquals(Optional.of("secret-token"), server.token().read());
        assertEquals(Optional.of("shop"), server.namespace());
        assertEquals(Optional.empty(), server.tls(), "http, as the file says");
        assertEquals("KUBECONFIG " + file + " (context local)", server.origin());
    }

    @Test
    void k8sContextChoosesAnotherContextAndATokenFileIsReadNextToTheKubeconfig() throws Exception {
        Path file = write(TWO_CONTEXTS);
        Files.createDirectories(dir.resolve("tokens"));
        Files.writeString(dir.resolve("tokens/sleepingd"), "rotated-token\n");

        ApiServer server = Kubeconfig.load(file, Optional.of("other"));

        assertEquals(URI.create("http://10.1.2.3:6443"), server.url());
        assertInstanceOf(ApiServer.Token.File.class, server.token());
        assertEquals(Optional.of("rotated-token"), server.token().read());
        assertEquals(Optional.empty(), server.namespace());
    }

    @Test
    void aContextThatDoesNotExistIsNamed() throws Exception {
        Path file = write(TWO_CONTEXTS);

        assertEquals("it has no contexts entry named 'prod'", assertThrows(IllegalArgumentException.class,
                () -> Kubeconfig.load(file, Optional.of("prod"))).getMessage());
    }

    @Test
    void aCredentialPluginIsRefusedByName() throws Exception {
        Path file = write("""
                clusters:
                - name: eks
                  cluster:
                    server: https://example.invalid
                contexts:
                - name: eks
                  context:
                    cluster: eks
                    user: eks
                current-context: eks
                users:
                - name: eks
                  user:
                    exec:
                      apiVersion: client.authentication.k8s.io/v1beta1
                      command: aws
                """);

        String message = assertThrows(IllegalArgumentException.class, () -> Kubeconfig.load(file, Optional.empty()))
                .getMessage();
        assertTrue(message.startsWith("the user of context 'eks' uses 'exec', which sleepingd does not support"), message);
    }

    @Test
    void aServerThatIsNotAnHttpUrlIsRefused() throws Exception {
        Path file = write("""
                clusters:
                - name: c
                  cluster:
                    server: 10.0.0.1:6443
                contexts:
                - name: c
                  context:
                    cluster: c
                current-context: c
                """);

        assertEquals("server '10.0.0.1:6443' is not an https:// URL", assertThrows(IllegalArgumentException.class,
                () -> Kubeconfig.load(file, Optional.empty())).getMessage());
    }
}
