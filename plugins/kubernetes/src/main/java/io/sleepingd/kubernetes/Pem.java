package io.sleepingd.kubernetes;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS side of a kubeconfig: an {@link SSLContext} that trusts the cluster's CA (PEM certificates)
 * and, for client-certificate users, presents their certificate and key. Keys come as kubeadm, kind,
 * k3s and the cloud tools write them: PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY})
 * or SEC1 ({@code EC PRIVATE KEY}), unencrypted.
 */
final class Pem {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    /** DER of AlgorithmIdentifier { rsaEncryption, NULL }, to wrap a PKCS#1 key in PKCS#8. */
    private static final byte[] RSA_ALGORITHM = HexFormat.of().parseHex("300d06092a864886f70d0101010500");
    /** DER of the OID id-ecPublicKey, for the AlgorithmIdentifier of a SEC1 key wrapped in PKCS#8. */
    private static final byte[] EC_PUBLIC_KEY_OID = HexFormat.of().parseHex("06072a8648ce3d0201");

    private Pem() {
    }

    /** A client's certificate chain and private key. */
    record ClientIdentity(List<X509Certificate> chain, PrivateKey key) {
    }

    /**
     * @param ca     the certificates to trust; empty: the JDK's default trust store
     * @param client the identity to present, if any
     */
    static SSLContext context(Optional<List<X509Certificate>> ca, Optional<ClientIdentity> client)
            throws GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (ca.isPresent()) {
            KeyStore store = emptyStore();
            for (int i = 0; i < ca.get().size(); i++) {
                store.setCertificateEntry("ca-" + i, ca.get().get(i));
            }
            trust.init(store);
        } else {
            trust.init((KeyStore) null);
        }
        KeyManagerFactory keys = null;
        if (client.isPresent()) {
            KeyStore store = emptyStore();
            char[] password = new char[0];
            store.setKeyEntry("client", client.get().key(), password, client.get().chain().toArray(Certificate[]::new));
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), new SecureRandom());
        return context;
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
        return store;
    }

    /** Every certificate in {@code pem}; at least one. */
    static List<X509Certificate> certificates(String pem) throws GeneralSecurityException {
        List<X509Certificate> certificates = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).stream()
                .map(X509Certificate.class::cast).toList();
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException("no PEM certificate in it");
        }
        return certificates;
    }

    /** The first private key in {@code pem}. */
    static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        Matcher block = BLOCK.matcher(pem);
        while (block.find()) {
            String type = block.group(1);
            byte[] der = Base64.getMimeDecoder().decode(block.group(2));
            switch (type) {
                case "PRIVATE KEY" -> {
                    return pkcs8(der);
                }
                case "RSA PRIVATE KEY" -> {
                    return pkcs8(sequence(concat(new byte[] {2, 1, 0}, RSA_ALGORITHM, tagged(0x04, der))));
                }
                case "EC PRIVATE KEY" -> {
                    byte[] algorithm = sequence(concat(EC_PUBLIC_KEY_OID, curveOid(der)));
                    return pkcs8(sequence(concat(new byte[] {2, 1, 0}, algorithm, tagged(0x04, der))));
                }
                case "ENCRYPTED PRIVATE KEY" -> throw new GeneralSecurityException(
                        "the private key is encrypted; give an unencrypted one (the file's permissions protect it)");
                default -> {
                    // EC PARAMETERS and the like come before the key: look further
                }
            }
        }
        throw new GeneralSecurityException("no PEM private key in it");
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // not of this algorithm: try the next
            }
        }
        throw new GeneralSecurityException("the private key is not an RSA, EC or Ed25519 key");
    }

    /**
     * The named curve's OID (with its DER header) from a SEC1 ECPrivateKey: SEQUENCE { INTEGER 1,
     * OCTET STRING key, [0] OID curve, [1] BIT STRING public key }.
     */
    private static byte[] curveOid(byte[] sec1) throws GeneralSecurityException {
        int[] at = {0};
        header(sec1, at, 0x30);
        skip(sec1, at, 0x02);
        skip(sec1, at, 0x04);
        header(sec1, at, 0xa0);
        int start = at[0];
        int length = header(sec1, at, 0x06);
        return Arrays.copyOfRange(sec1, start, at[0] + length);
    }

    private static void skip(byte[] der, int[] at, int tag) throws GeneralSecurityException {
        int length = header(der, at, tag); // first: header moves at[0], which `at[0] += header(...)` would lose
        at[0] += length;
    }

    /** Reads a tag and a length at {@code at}, leaving {@code at} on the contents; returns the length. */
    private static int header(byte[] der, int[] at, int tag) throws GeneralSecurityException {
        if (at[0] + 2 > der.length || (der[at[0]] & 0xff) != tag) {
            throw new GeneralSecurityException("the EC private key names no curve (SEC1 without parameters)");
        }
        at[0]++;
        int length = der[at[0]++] & 0xff;
        if ((length & 0x80) != 0) {
            int bytes = length & 0x7f;
            length = 0;
            for (int i = 0; i < bytes; i++) {
                length = (length << 8) | (der[at[0]++] & 0xff);
            }
        }
        return length;
    }

    private static byte[] sequence(byte[] contents) {
        return tagged(0x30, contents);
    }

    private static byte[] tagged(int tag, byte[] contents) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = contents.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = length > 0xffffff ? 4 : length > 0xffff ? 3 : length > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(contents);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
