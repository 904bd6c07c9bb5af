package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PROVIDER=libvirt with the real virsh against libvirt's test hypervisor behind a private libvirtd
 * ({@link LibvirtTestDriver}): its domain {@code test} is started, adopted, shut down and destroyed for
 * real. The test driver's guests have no network of this host (domifaddr says 192.168.122.3), so the
 * connection goes to BACKEND, a {@link TestBackend} on 127.0.0.1; reading domifaddr's real output is
 * tested in the plugin (InterfaceAddressesTest). The test driver shuts a domain down at once, so a guest
 * that ignores the shutdown is tested in GracefulStopTest; here the destroy is for a paused guest.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LibvirtIT {
    private static final Duration STOPPED = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private LibvirtTestDriver libvirt;

    @AfterEach
    void stopLibvirtd() throws Exception {
        if (libvirt != null) {
            libvirt.close();
        }
    }

    private LibvirtTestDriver libvirt() throws Exception {
        libvirt = LibvirtTestDriver.start();
        return libvirt;
    }

    private static String config(int port, String uri, String domain, String extra) {
        return """
                [VM]
                BIND=127.0.0.1
                PORT=%d
                PROVIDER=libvirt
                LIBVIRT_URI="%s"
                LIBVIRT_DOMAIN=%s
                IDLE_CHECK_INTERVAL=1
                %s
                """.formatted(port, uri, domain, extra);
    }

    @Test
    void theFirstConnectionStartsTheDomainAndIsRelayedThenTheIdleStopShutsItDown() throws Exception {
        LibvirtTestDriver libvirt = libvirt();
        libvirt.require("destroy", "--domain", "test");
        int port = DaemonHarness.freePort();
        try (TestBackend guest = TestBackend.echo();
                DaemonHarness daemon = DaemonHarness.with(dir, config(port, libvirt.uri, "test",
                        "BACKEND=127.0.0.1:" + guest.port() + "\nIDLE_TIME=1")).startForeground()) {
            String answer = Client.exchange(port, "hello");

            assertEquals("echo:hello", answer, daemon.log());
            daemon.await("the domain shut down", STOPPED, () -> libvirt.state("test").equals("shut off (shutdown)"));
            assertAll(
                    () -> assertTrue(daemon.log().contains("starting domain test"), daemon.log()),
                    () -> assertEquals("1", daemon.statusField("VM", "wakes.success")),
                    () -> assertEquals("1", daemon.statusField("VM", "stops.idle")));
        }
    }

    @Test
    void aDomainThatAlreadyRunsIsAdoptedNotStartedAgain() throws Exception {
        LibvirtTestDriver libvirt = libvirt();
        assertTrue(libvirt.state("test").startsWith("running"), "the test driver's domain runs from the start");
        int port = DaemonHarness.freePort();
        try (TestBackend guest = TestBackend.echo();
                DaemonHarness daemon = DaemonHarness.with(dir, config(port, libvirt.uri, "test",
                        "BACKEND=127.0.0.1:" + guest.port() + "\nIDLE_TIME=60")).startForeground()) {
            daemon.await("the running domain adopted (ON_START_IF_RUNNING)", Duration.ofSeconds(30),
                    () -> daemon.state("VM").startsWith("awake") || daemon.state("VM").startsWith("started"));
            String answer = Client.exchange(port, "hello");

            assertEquals("echo:hello", answer, daemon.log());
            assertEquals("0", daemon.statusField("VM", "wakes.success"), "relayed without a wake");
            assertTrue(libvirt.state("test").startsWith("running"), libvirt.state("test"));
        }
    }

    @Test
    void aDomainThatDoesNotExistFailsTheWakeWithVirshsError() throws Exception {
        LibvirtTestDriver libvirt = libvirt();
        int port = DaemonHarness.freePort();
        try (DaemonHarness daemon = DaemonHarness.with(dir, config(port, libvirt.uri, "no-such-domain",
                "BACKEND=127.0.0.1:1\nIDLE_TIME=60")).startForeground()) {
            assertEquals("", Client.exchangeOrClosed(port, "wake"));

            String error = daemon.statusField("VM", "lastError.message");
            assertTrue(error.contains("'virsh domstate no-such-domain' failed (exit status 1): "
                    + "error: failed to get domain 'no-such-domain'"), error);
        }
    }

    @Test
    void aGuestThatCannotShutDownBecauseItIsPausedIsDestroyedWhenIdle() throws Exception {
        LibvirtTestDriver libvirt = libvirt();
        libvirt.require("destroy", "--domain", "test");
        int port = DaemonHarness.freePort();
        try (TestBackend guest = TestBackend.echo();
                DaemonHarness daemon = DaemonHarness.with(dir, config(port, libvirt.uri, "test",
                        "BACKEND=127.0.0.1:" + guest.port() + "\nIDLE_TIME=5")).startForeground()) {
            assertEquals("echo:hello", Client.exchange(port, "hello"), daemon.log());
            libvirt.require("suspend", "--domain", "test"); // within IDLE_TIME: the idle stop finds it paused

            daemon.await("the domain destroyed", STOPPED, () -> libvirt.state("test").equals("shut off (destroyed)"));
            assertTrue(daemon.log().contains("destroying domain test"), daemon.log());
        }
    }

    @Test
    void checkConfigRejectsAServiceWithoutADomainNamingTheKey() throws Exception {
        DaemonHarness daemon = DaemonHarness.with(dir, """
                [VM]
                PORT=10080
                PROVIDER=libvirt
                LIBVIRT_PORT=22
                """);

        DaemonHarness.Cli check = daemon.cli("check-config");

        assertEquals(1, check.exitStatus(), check.out() + check.err());
        assertTrue(check.err().startsWith(daemon.config + ":2: service 'VM': LIBVIRT_DOMAIN is required by"
                + " PROVIDER=libvirt"), check.err());
    }

    @Test
    void checkConfigRejectsAMalformedShutdownTimeoutAtItsLine() throws Exception {
        DaemonHarness daemon = DaemonHarness.with(dir, """
                [VM]
                PORT=10080
                PROVIDER=libvirt
                LIBVIRT_DOMAIN=web
                LIBVIRT_PORT=22
                LIBVIRT_SHUTDOWN_TIMEOUT=2m
                """);

        DaemonHarness.Cli check = daemon.cli("check-config");

        assertEquals(1, check.exitStatus(), check.out() + check.err());
        assertEquals(daemon.config + ":7: service 'VM': LIBVIRT_SHUTDOWN_TIMEOUT '2m' is not a whole number of seconds\n"
                + "sleepingd: the configuration has 1 problem\n", check.err());
    }

    @Test
    void theExampleIsAcceptedByCheckConfigWithItsValuesInUse() throws Exception {
        Path example = Path.of(System.getProperty("sleepingd.examples"), "libvirt", "sleepingd.conf");
        Path run = Files.writeString(dir.resolve("run.conf"), "VARRUN_PATH=" + dir.resolve("run") + "\n");

        DaemonHarness.Cli check = DaemonHarness.run(dir, DaemonHarness.command("check-config", "-f", run.toString(),
                "-f", example.toString()));

        assertEquals(0, check.exitStatus(), check.err());
        assertAll(
                () -> assertTrue(check.out().contains("\nLIBVIRT_DOMAIN=buildvm\n"), check.out()),
                () -> assertTrue(check.out().contains("\nLIBVIRT_SHUTDOWN_TIMEOUT=120\n"), check.out()),
                () -> assertTrue(check.out().contains("\nLIBVIRT_TIMEOUT=60\n"), "the default shown: " + check.out()),
                () -> assertFalse(check.err().contains("unknown key"), check.err()));
    }
}
