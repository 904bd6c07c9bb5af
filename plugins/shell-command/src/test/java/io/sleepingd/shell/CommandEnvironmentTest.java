package io.sleepingd.shell;

import static io.sleepingd.shell.Fixtures.TRIGGER;
import static io.sleepingd.shell.Fixtures.backend;
import static io.sleepingd.shell.Fixtures.savedEnvironment;
import static io.sleepingd.shell.Fixtures.settings;
import static io.sleepingd.shell.Fixtures.sq;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sleepingd.spi.Backend;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands learn the service and the triggering connection from their environment, under sleepingd's own
 * names and under the socat names the original's scripts use. The trigger is 192.0.2.10:40123 connecting
 * to 127.0.0.3:8080; the service is {@code web} on port 8080.
 */
@Timeout(60)
class CommandEnvironmentTest {
    @TempDir
    Path dir;

    private Map<String, String> environmentOfStart(Backend backend) throws Exception {
        backend.start(TRIGGER);
        return savedEnvironment(dir.resolve("env"));
    }

    private String saveEnvironment() {
        return "env -0 > " + sq(dir.resolve("env")) + "; ";
    }

    @Test
    void startSeesTheServiceNameAndPort() throws Exception {
        Map<String, String> env = environmentOfStart(backend("START_CMD", saveEnvironment() + "echo 127.0.0.1 80"));

        assertAll(
                () -> assertEquals("web", env.get("SLEEPINGD_SERVICE")),
                () -> assertEquals("8080", env.get("SLEEPINGD_PORT")));
    }

    @Test
    void startSeesTheClientUnderSleepingdNames() throws Exception {
        Map<String, String> env = environmentOfStart(backend("START_CMD", saveEnvironment() + "echo 127.0.0.1 80"));

        assertAll(
                () -> assertEquals("192.0.2.10", env.get("SLEEPINGD_CLIENT_ADDR")),
                () -> assertEquals("40123", env.get("SLEEPINGD_CLIENT_PORT")));
    }

    @Test
    void startSeesTheLocalAddressUnderSleepingdNames() throws Exception {
        Map<String, String> env = environmentOfStart(backend("START_CMD", saveEnvironment() + "echo 127.0.0.1 80"));

        assertAll(
                () -> assertEquals("127.0.0.3", env.get("SLEEPINGD_LOCAL_ADDR")),
                () -> assertEquals("8080", env.get("SLEEPINGD_LOCAL_PORT")));
    }

    @Test
    void startSeesTheTriggerUnderTheOriginalsSocatNames() throws Exception {
        Map<String, String> env = environmentOfStart(backend("START_CMD", saveEnvironment() + "echo 127.0.0.1 80"));

        assertAll(
                () -> assertEquals("192.0.2.10", env.get("SOCAT_PEERADDR")),
                () -> assertEquals("40123", env.get("SOCAT_PEERPORT")),
                () -> assertEquals("127.0.0.3", env.get("SOCAT_SOCKADDR")),
                () -> assertEquals("8080", env.get("SOCAT_SOCKPORT")));
    }

    @Test
    void checkSeesTheTriggerToo() throws Exception {
        Backend backend = backend("CHECK_CMD", saveEnvironment() + "true");

        backend.check(TRIGGER);
        Map<String, String> env = savedEnvironment(dir.resolve("env"));

        assertAll(
                () -> assertEquals("web", env.get("SLEEPINGD_SERVICE")),
                () -> assertEquals("192.0.2.10", env.get("SLEEPINGD_CLIENT_ADDR")),
                () -> assertEquals("192.0.2.10", env.get("SOCAT_PEERADDR")),
                () -> assertEquals("8080", env.get("SOCAT_SOCKPORT")));
    }

    @Test
    void stopSeesTheServiceButNoTrigger() throws Exception {
        Backend backend = backend("STOP_CMD", saveEnvironment() + "true");

        backend.stop();
        Map<String, String> env = savedEnvironment(dir.resolve("env"));

        assertAll(
                () -> assertEquals("web", env.get("SLEEPINGD_SERVICE")),
                () -> assertEquals("8080", env.get("SLEEPINGD_PORT")),
                () -> assertFalse(env.containsKey("SLEEPINGD_CLIENT_ADDR"), "SLEEPINGD_CLIENT_ADDR set"),
                () -> assertFalse(env.containsKey("SOCAT_PEERADDR"), "SOCAT_PEERADDR set"));
    }

    @Test
    void idleSeesTheService() throws Exception {
        Backend backend = backend("IDLE_CMD", saveEnvironment() + "true");

        backend.isIdle();
        Map<String, String> env = savedEnvironment(dir.resolve("env"));

        assertEquals("web", env.get("SLEEPINGD_SERVICE"));
    }

    @Test
    void valuesReachTheCommandLiterally() throws Exception {
        String name = "w$HOME `id` $(id) 'q' \"d\" \\ %s";
        Backend backend = new ShellCommandProvider().open(settings(name, Optional.empty(),
                "START_CMD", saveEnvironment() + "echo 127.0.0.1 80"));

        backend.start(TRIGGER);

        assertEquals(name, savedEnvironment(dir.resolve("env")).get("SLEEPINGD_SERVICE"));
    }

    @Test
    void theDaemonsOwnEnvironmentIsInherited() throws Exception {
        Map<String, String> env = environmentOfStart(backend("START_CMD", saveEnvironment() + "echo 127.0.0.1 80"));

        assertEquals(System.getenv("PATH"), env.get("PATH"));
    }
}
