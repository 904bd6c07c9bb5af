package io.sleepingd.config;

import static io.sleepingd.config.ConfigFiles.load;
import static io.sleepingd.config.ConfigFiles.problems;
import static io.sleepingd.config.ConfigFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code ADMIN_ADDRESS}: where the admin endpoint listens; off unless set, never a name looked up. */
class AdminAddressTest {
    @TempDir
    Path dir;

    @Test
    void theEndpointIsOffUnlessSet() throws Exception {
        assertEquals(Optional.empty(), load(write(dir, "sleepingd.conf", "[web]\nPORT=8080\n")).adminAddress());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"127.0.0.1:9180|127.0.0.1|9180", "[::1]:9180|::1|9180",
            "localhost:9180|127.0.0.1|9180"})
    void anIpLiteralOrLocalhostWithAPort(String value, String host, int port) throws Exception {
        Path file = write(dir, "sleepingd.conf", "ADMIN_ADDRESS=" + value + "\n[web]\nPORT=8080\n");

        assertEquals(Optional.of(new InetSocketAddress(InetAddress.ofLiteral(host), port)), load(file).adminAddress());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "9180|ADMIN_ADDRESS '9180' is not HOST:PORT (for example 127.0.0.1:9180)",
            "127.0.0.1:0|ADMIN_ADDRESS '127.0.0.1:0': ADMIN_ADDRESS '0' is not a port number (1-65535)",
            "admin.example:9180|ADMIN_ADDRESS 'admin.example:9180': 'admin.example' is not an IP address (names are not looked up)"})
    void anythingElseIsAnErrorAtItsLine(String value, String message) {
        Path file = write(dir, "sleepingd.conf", "ADMIN_ADDRESS=" + value + "\n[web]\nPORT=8080\n");

        assertEquals(List.of(file + ":1: " + message), problems(file));
    }
}
