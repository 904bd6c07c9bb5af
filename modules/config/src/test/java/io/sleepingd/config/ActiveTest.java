package io.sleepingd.config;

import static io.sleepingd.config.ConfigFiles.load;
import static io.sleepingd.config.ConfigFiles.problems;
import static io.sleepingd.config.ConfigFiles.service;
import static io.sleepingd.config.ConfigFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code ACTIVE}: which services the daemon listens for. */
class ActiveTest {
    @TempDir
    Path dir;

    @Test
    void serviceIsActiveByDefault() throws Exception {
        Path file = write(dir, "sleepingd.conf", "[web]\nPORT=8080\n");

        assertTrue(service(load(file), "web").active());
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "YES", "Yes", "true", "TRUE", "True"})
    void yesAndTrueInAnyCaseAreActive(String value) throws Exception {
        Path file = write(dir, "sleepingd.conf", "[web]\nPORT=8080\nACTIVE=" + value + "\n");

        Configuration config = load(file);

        assertTrue(service(config, "web").active());
        assertEquals(List.of(), config.warnings());
    }

    @ParameterizedTest
    @ValueSource(strings = {"no", "NO", "false", "False"})
    void noAndFalseInAnyCaseAreInactive(String value) throws Exception {
        Path file = write(dir, "sleepingd.conf", "[web]\nPORT=8080\nACTIVE=" + value + "\n");

        Configuration config = load(file);

        assertFalse(service(config, "web").active());
        assertEquals(List.of(), config.warnings());
    }

    @Test
    void anyOtherValueIsAnErrorNotASilentNo() {
        Path file = write(dir, "sleepingd.conf", "[web]\nPORT=8080\nACTIVE=yess\n");

        assertEquals(List.of(file + ":3: ACTIVE 'yess' is not yes, no, true or false"), problems(file));
    }

    @Test
    void generalActiveNoTurnsOffEveryServiceThatDoesNotSetActive() throws Exception {
        Path file = write(dir, "sleepingd.conf", """
                ACTIVE=no
                [quiet]
                PORT=1
                [loud]
                PORT=2
                ACTIVE=yes
                """);

        Configuration config = load(file);

        assertFalse(service(config, "quiet").active());
        assertTrue(service(config, "loud").active());
    }

    @Test
    void inactiveServicesAreListedButNotAmongTheActiveOnes() throws Exception {
        Path file = write(dir, "sleepingd.conf", "[on]\nPORT=1\n[off]\nPORT=2\nACTIVE=no\n");

        Configuration config = load(file);

        assertEquals(List.of("on", "off"), config.services().stream().map(ServiceConfig::name).toList());
        assertEquals(List.of("on"), config.activeServices().stream().map(ServiceConfig::name).toList());
    }
}
