package io.sleepingd.config;

import static io.sleepingd.config.ConfigFiles.load;
import static io.sleepingd.config.ConfigFiles.problems;
import static io.sleepingd.config.ConfigFiles.service;
import static io.sleepingd.config.ConfigFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code PORT} and {@code BIND}, and services that would listen on the same address. */
class PortAndBindTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"0", "70000", "80a", "-1", " 80", "99999999999"})
    void portOutsideOneTo65535IsAnError(String port) {
        Path file = write(dir, "sleepingd.conf", "[web]\nPORT=\"" + port + "\"\n");

        assertEquals(List.of(file + ":2: PORT '" + port + "' is not a port number (1-65535)"), problems(file));
    }

    @Test
    void highestPortIsAccepted() throws Exception {
        Path file = write(dir, "sleepingd.conf", "[web]\nPORT=65535\n");

        assertEquals(65535, service(load(file), "web").port());
    }

    @Test
    void twoActiveServicesOnOnePortIsAnError() {
        Path file = write(dir, "sleepingd.conf", """
                [first]
                PORT=8080
                [second]
                PORT=8080
                """);

        assertEquals(List.of(file + ":4: port 8080 is already used by service 'first' (" + file + ":2)"),
                problems(file));
    }

    @Test
    void conflictOnAnInheritedPortNamesTheSectionHeaders() {
        Path file = write(dir, "sleepingd.conf", "PORT=8080\n[first]\n[second]\n");

        assertEquals(List.of(file + ":3: port 8080 is already used by service 'first' (" + file + ":2)"),
                problems(file));
    }

    @Test
    void inactiveServiceMayShareAPort() throws Exception {
        Path file = write(dir, "sleepingd.conf", "[on]\nPORT=8080\n[off]\nPORT=8080\nACTIVE=no\n");

        assertEquals(2, load(file).services().size());
    }

    @Test
    void servicesOnOnePortWithDisjointBindAddressesAreAllowed() throws Exception {
        Path file = write(dir, "sleepingd.conf", """
                [a]
                PORT=8080
                BIND=127.0.0.1
                [b]
                PORT=8080
                BIND=127.0.0.2
                """);

        assertEquals(2, load(file).activeServices().size());
    }

    @Test
    void blankBindOverlapsEveryAddress() {
        Path file = write(dir, "sleepingd.conf", "[a]\nPORT=8080\nBIND=127.0.0.1\n[b]\nPORT=8080\n");

        assertEquals(List.of(file + ":5: port 8080 is already used by service 'a' (" + file + ":2)"),
                problems(file));
    }

    @Test
    void sharedBindAddressIsAConflict() {
        Path file = write(dir, "sleepingd.conf", """
                [a]
                PORT=8080
                BIND=127.0.0.1,::1
                [b]
                PORT=8080
                BIND=::1
                """);

        assertEquals(List.of(file + ":5: port 8080 is already used by service 'a' (" + file + ":2)"),
                problems(file));
    }

    @Test
    void blankBindIsEveryAddress() throws Exception {
        Path file = write(dir, "sleepingd.conf", "[web]\nPORT=8080\n");

        assertEquals(List.of(), service(load(file), "web").bind());
    }

    @Test
    void bindTakesIpLiteralsSeparatedByCommasAndBlanks() throws Exception {
        Path file = write(dir, "sleepingd.conf", "[web]\nPORT=8080\nBIND=\"127.0.0.1, ::1  10.0.0.1\"\n");

        assertEquals(List.of(InetAddress.ofLiteral("127.0.0.1"), InetAddress.ofLiteral("::1"),
                InetAddress.ofLiteral("10.0.0.1")), service(load(file), "web").bind());
    }

    @ParameterizedTest
    @ValueSource(strings = {",", ",,", " , "})
    void bindOfSeparatorsOnlyIsAnError(String bind) {
        Path file = write(dir, "sleepingd.conf", "[web]\nPORT=8080\nBIND=\"" + bind + "\"\n");

        assertEquals(List.of(file + ":3: BIND '" + bind + "' names no address"), problems(file));
    }

    @Test
    void bindHostNameIsAnError() {
        Path file = write(dir, "sleepingd.conf", "[web]\nPORT=8080\nBIND=127.0.0.1,localhost\n");

        assertEquals(List.of(file + ":3: BIND '127.0.0.1,localhost': 'localhost' is not an IP address"),
                problems(file));
    }
}
