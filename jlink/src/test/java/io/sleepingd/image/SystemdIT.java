package io.sleepingd.image;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Debian package under a real systemd ({@link BootedSystem}): installed with the real dpkg,
 * its maintainer scripts enable and start the unit (which counts as started once the ports
 * listen: the daemon's sd_notify READY=1), the hardened unit rates under 4 in
 * {@code systemd-analyze security} and still lets the configured commands run (as their USER, with
 * the drop-in that allows it), the socket unit hands its ports over, {@code systemctl reload}
 * re-reads the configuration, and removal stops it. Each test boots a fresh system and installs the
 * package there.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SystemdIT {
    private static final int EXAMPLE_PORT = 10080; // the shipped configuration's 4.1 example
    private BootedSystem system;

    @BeforeEach
    void bootAndInstall() throws Exception {
        system = BootedSystem.boot();
        install();
    }

    @AfterEach
    void powerOff() throws Exception {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void installingEnablesAndStartsTheUnitAndTheExampleWakesItsBackend() throws Exception {
        // No waiting: a Type=notify unit is started, and dpkg done, only once the ports listen.
        long daemon = mainPid();

        String enabled = system.run("systemctl", "is-enabled", "sleepingd").output().strip();
        String answer = exchange(EXAMPLE_PORT).output();
        CommandResult maps = system.run("grep", "-c", "/var/cache/sleepingd/sleepingd.aot", "/proc/" + daemon + "/maps");
        String journal = system.run("journalctl", "--unit=sleepingd", "--output=cat").output();

        assertAll(
                () -> assertEquals("enabled", enabled),
                () -> assertTrue(answer.contains("Response from 8080: "), "the hardened unit ran nc: " + answer),
                () -> assertEquals(0, maps.exitCode(), "the daemon runs with the AOT cache the installation made"),
                () -> assertFalse(journal.toLowerCase(java.util.Locale.ROOT).contains("warning"), "no warning from the JVM (native access, AOT):\n" + journal));
    }

    @Test
    void theInstalledUnitRatesUnderFourInSystemdAnalyzeSecurity() throws Exception {
        double shipped = exposure();
        installUserSwitchingDropIn();
        double withUserSwitching = exposure();
        System.out.printf("systemd-analyze security: %.1f as installed, %.1f with run-as-users.conf%n", shipped,
                withUserSwitching); // the figures docs/packaging.md quotes

        assertAll(
                () -> assertTrue(shipped < 4.0, "as installed: " + shipped),
                () -> assertTrue(withUserSwitching < 4.0, "with run-as-users.conf: " + withUserSwitching));
    }

    @Test
    void theDaemonRunsAsItsOwnUserWithOnlyTheCapabilityToListenBelowPort1024() throws Exception {
        String status = system.run("cat", "/proc/" + mainPid() + "/status").output();
        String user = system.run("id", "-u", "sleepingd").output().strip();
        appendToConfiguration("""
                [low port]
                PORT=81
                BIND=127.0.0.1
                START_CMD="( echo low port | nc -l -s 127.0.0.1 -p 8081 -w 1 >/dev/null 2>&1 & ) ; echo '127.0.0.1 8081'"
                """);

        CommandResult reload = system.run("systemctl", "reload", "sleepingd");

        assertAll(
                () -> assertTrue(status.contains("\nUid:\t" + user + "\t" + user + "\t" + user + "\t"), status),
                () -> assertTrue(status.contains("\nCapEff:\t0000000000000400\n"), "CAP_NET_BIND_SERVICE alone:\n" + status),
                () -> assertEquals(0, reload.exitCode(), reload.output()),
                () -> assertTrue(exchange(81).output().contains("low port"), "port 81 listens"));
    }

    @Test
    void aReloadAddingAServiceWithAnotherUserIsRefusedUntilTheDropInAllowsSwitching() throws Exception {
        long daemon = mainPid();
        appendToConfiguration("""
                [added]
                PORT=10081
                USER=nobody
                START_CMD="echo '127.0.0.1 8081'"
                """);

        CommandResult reload = system.run("systemctl", "reload", "sleepingd");
        String journal = system.run("journalctl", "--unit=sleepingd", "--output=cat").output();

        assertAll(
                () -> assertNotEquals(0, reload.exitCode(), reload.output()),
                () -> assertEquals(daemon, mainPid(), "the daemon goes on"),
                () -> assertTrue(journal.contains("USER 'nobody' is out of reach"), journal));
    }

    @Test
    void withTheDropInSystemctlReloadStartsAnAddedServiceWhoseCommandsRunAsItsUser() throws Exception {
        installUserSwitchingDropIn();
        long daemon = mainPid();
        appendToConfiguration("""
                [added]
                PORT=10081
                USER=nobody
                START_CMD="( echo started by $(id -un) | nc -l -p 8081 -w 1 >/dev/null 2>&1 & ) ; echo '127.0.0.1 8081'"
                """);

        CommandResult reload = system.run("systemctl", "reload", "sleepingd");
        String answer = exchange(10081).output();

        assertAll(
                () -> assertEquals(0, reload.exitCode(), reload.output()),
                () -> assertEquals(daemon, mainPid(), "the daemon was not restarted"),
                () -> assertTrue(answer.contains("started by nobody"), answer));
    }

    @Test
    void withTheSocketUnitAConnectionWhileTheDaemonIsDownStartsItAndIsServed() throws Exception {
        // The daemon holds the port until it stops; then systemd can take it.
        assertEquals(0, system.run("systemctl", "stop", "sleepingd.service").exitCode());
        CommandResult enable = system.run("systemctl", "enable", "--now", "sleepingd.socket");
        String stopped = system.run("systemctl", "is-active", "sleepingd.service").output().strip();

        String answer = exchange(EXAMPLE_PORT).output(); // systemd holds the port, queues this, starts the daemon

        assertAll(
                () -> assertEquals(0, enable.exitCode(), enable.output()),
                () -> assertEquals("inactive", stopped),
                () -> assertTrue(answer.contains("Response from 8080: "), answer),
                () -> assertEquals("active", system.run("systemctl", "is-active", "sleepingd.service").output().strip()));
    }

    @Test
    void aReloadWithABrokenConfigurationFailsAndTheDaemonGoesOn() throws Exception {
        long daemon = mainPid();
        appendToConfiguration("[broken]\nPORT=seventy\n");

        CommandResult reload = system.run("systemctl", "reload", "sleepingd");
        String active = system.run("systemctl", "is-active", "sleepingd").output().strip();
        String errors = system.run("journalctl", "--unit=sleepingd", "--priority=err", "--output=cat").output();

        assertAll(
                () -> assertNotEquals(0, reload.exitCode(), reload.output()),
                () -> assertEquals("active", active),
                () -> assertEquals(daemon, mainPid(), "the daemon was not restarted"),
                () -> assertTrue(errors.contains("/etc/sleepingd/sleepingd.conf:") && errors.contains("seventy"),
                        "journalctl -p err shows the file, line and value:\n" + errors),
                () -> assertFalse(errors.contains(" running "), "and not the INFO lines:\n" + errors),
                () -> assertFalse(errors.contains("<3>"), "the journal took the priority prefix off:\n" + errors));
    }

    @Test
    void anUpgradeRestartsTheDaemon() throws Exception {
        long before = mainPid();

        install(); // the same package again: dpkg runs the upgrade's scripts
        long after = mainPid();

        assertAll(
                () -> assertNotEquals(before, after, "a new daemon runs"),
                () -> assertTrue(exchange(EXAMPLE_PORT).output().contains("Response from 8080: ")));
    }

    @Test
    void removalStopsTheDaemonAndPurgeLeavesNothingBehind() throws Exception {
        assertEquals(0, system.run("dpkg", "--remove", "sleepingd").exitCode());
        CommandResult afterRemoval = exchange(EXAMPLE_PORT);
        assertEquals(0, system.run("dpkg", "--purge", "sleepingd").exitCode());

        Path root = system.root();
        assertAll(
                () -> assertNotEquals(0, afterRemoval.exitCode(), "nothing listens: " + afterRemoval.output()),
                () -> assertFalse(Files.exists(root.resolve("etc/systemd/system/multi-user.target.wants/sleepingd.service")),
                        "the unit is no longer enabled"),
                () -> assertFalse(Files.exists(root.resolve("etc/sleepingd")), "the configuration is gone"),
                () -> assertFalse(Files.exists(root.resolve("var/cache/sleepingd")), "the AOT cache is gone"),
                () -> assertFalse(Files.exists(root.resolve("usr/lib/sleepingd")), "the image is gone"));
    }

    private void install() throws Exception {
        system.installBuiltPackage();
    }

    /** The drop-in the package ships for services with USER=, installed as its comment says. */
    private void installUserSwitchingDropIn() throws Exception {
        CommandResult installed = system.shell("mkdir -p /etc/systemd/system/sleepingd.service.d"
                + " && cp /usr/share/sleepingd/systemd/run-as-users.conf /etc/systemd/system/sleepingd.service.d/"
                + " && systemctl daemon-reload && systemctl restart sleepingd");
        assertEquals(0, installed.exitCode(), installed.output());
    }

    /** {@code systemd-analyze security}'s overall rating of the unit as systemd loaded it. */
    private double exposure() throws Exception {
        CommandResult analysis = system.run("systemd-analyze", "security", "--no-pager", "sleepingd.service");
        java.util.regex.Matcher overall = java.util.regex.Pattern
                .compile("Overall exposure level for sleepingd.service: (\\d+\\.\\d)").matcher(analysis.output());
        assertTrue(overall.find(), analysis.output());
        return Double.parseDouble(overall.group(1));
    }

    private long mainPid() throws Exception {
        return Long.parseLong(system.run("systemctl", "show", "--property=MainPID", "--value", "sleepingd")
                .output().strip());
    }

    private void appendToConfiguration(String section) throws IOException {
        Files.writeString(system.root().resolve("etc/sleepingd/sleepingd.conf"), "\n" + section,
                StandardOpenOption.APPEND);
    }

    private CommandResult exchange(int port) throws Exception {
        return system.shell("exec 3<>/dev/tcp/127.0.0.1/" + port
                + " && printf 'GET / HTTP/1.0\\r\\n\\r\\n' >&3 && timeout 20 cat <&3");
    }
}
