package io.sleepingd.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Private keys in the forms the cluster tools write, made by the real openssl. */
class PemTest {

    private static String openssl(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertEquals(0, process.waitFor(), "openssl " + command);
        return out;
    }

    @Test
    void anRsaKeyInPkcs1AsKubeadmWritesItIsRead() throws Exception {
        String pem = openssl("genrsa", "-traditional", "2048");
        assertEquals("-----BEGIN RSA PRIVATE KEY-----", pem.lines().findFirst().orElseThrow());

        assertEquals("RSA", Pem.privateKey(pem).getAlgorithm());
    }

    @Test
    void anEcKeyInSec1AsK3sWritesItIsReadAfterItsParameters() throws Exception {
        String pem = openssl("ecparam", "-name", "prime256v1", "-genkey");
        assertEquals("-----BEGIN EC PARAMETERS-----", pem.lines().findFirst().orElseThrow());

        assertEquals("EC", Pem.privateKey(pem).getAlgorithm());
    }

    @Test
    void aPkcs8KeyIsRead() throws Exception {
        assertEquals("EC", Pem.privateKey(openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"))
                .getAlgorithm());
        assertEquals("EdDSA", Pem.privateKey(openssl("genpkey", "-algorithm", "ED25519")).getAlgorithm());
    }

    @Test
    void anEncryptedKeyIsRefusedSayingSo() throws Exception {
        String pem = openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes256",
                "-pass", "pass:secret");

        assertEquals("the private key is encrypted; give an unencrypted one (the file's permissions protect it)",
                assertThrows(GeneralSecurityException.class, () -> Pem.privateKey(pem)).getMessage());
    }
}
