package io.sleepingd.image;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PROVIDER=systemd against a real systemd ({@link BootedSystem}), driven by the installed package's
 * daemon as its unit runs it: as the user sleepingd, allowed to start and stop the test's units by
 * the polkit rule of examples/systemd (with the real polkitd and D-Bus), or, for a user unit, by
 * running as the unit's user. The units serve with busybox httpd.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SystemdProviderIT {
    private static final Path EXAMPLES = Path.of(System.getProperty("sleepingd.examples"));
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private BootedSystem system;

    @BeforeEach
    void bootAndInstall() throws Exception {
        system = BootedSystem.boot();
        system.installBuiltPackage();
        Files.createDirectories(system.root().resolve("srv/www"));
        Files.writeString(system.root().resolve("srv/www/index.html"), "served by the unit\n");
        writeUnit("etc/systemd/system/sleepy-web.service", "/bin/busybox httpd -f -p 127.0.0.1:8091 -h /srv/www");
        writeUnit("etc/systemd/system/sleepy-db.service", "/bin/busybox httpd -f -p 127.0.0.1:8094 -h /srv/www");
        writeUnit("etc/systemd/system/broken.service", """
                /bin/busybox httpd -f -p 127.0.0.1:8092 -h /srv/www
                ExecStartPre=/bin/sh -c 'echo the configuration file is missing >&2; exit 1'""");
        String rule = Files.readString(EXAMPLES.resolve("systemd/50-sleepingd.rules")).replaceFirst(
                "var sleepingdUnits = \\[.*];", "var sleepingdUnits = [\"sleepy-web.service\", \"sleepy-db.service\", \"broken.service\"];");
        Files.writeString(system.root().resolve("etc/polkit-1/rules.d/50-sleepingd.rules"), rule);
        assertEquals(0, system.run("systemctl", "daemon-reload").exitCode());
    }

    @AfterEach
    void powerOff() throws Exception {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void theFirstConnectionStartsTheUnitAndItIsStoppedWhenIdle() throws Exception {
        reloadWith("""
                [web]
                PORT=10090
                BIND=127.0.0.1
                PROVIDER=systemd
                SYSTEMD_UNIT=sleepy-web
                BACKEND=127.0.0.1:8091
                IDLE_TIME=2
                IDLE_CHECK_INTERVAL=1
                """);
        String before = unitState("sleepy-web");

        CommandResult answer = system.run("curl", "--silent", "--show-error", "--max-time", "60",
                "http://127.0.0.1:10090/");
        String during = unitState("sleepy-web");

        assertAll(
                () -> assertEquals("inactive", before),
                () -> assertEquals("served by the unit\n", answer.output()),
                () -> assertEquals("active", during));
        await("sleepy-web", () -> unitState("sleepy-web"), "inactive");
    }

    @Test
    void aGroupWithOneUnitDownIsNotRunningAndTheWakeStartsTheRestThenTheIdleStopStopsBoth() throws Exception {
        assertEquals(0, system.run("systemctl", "start", "sleepy-db").exitCode());
        reloadWith("""
                [group]
                PORT=10094
                BIND=127.0.0.1
                PROVIDER=systemd
                SYSTEMD_UNIT="sleepy-db sleepy-web"
                BACKEND=127.0.0.1:8091
                IDLE_TIME=2
                IDLE_CHECK_INTERVAL=1
                """);

        CommandResult answer = system.run("curl", "--silent", "--show-error", "--max-time", "60",
                "http://127.0.0.1:10094/");

        assertEquals("served by the unit\n", answer.output());
        assertEquals("active", unitState("sleepy-web"));
        await("sleepy-web", () -> unitState("sleepy-web"), "inactive");
        await("sleepy-db", () -> unitState("sleepy-db"), "inactive");
    }

    @Test
    void aUnitThatFailsToStartFailsTheWakeWithWhatSystemctlStatusSays() throws Exception {
        reloadWith("""
                [broken]
                PORT=10091
                BIND=127.0.0.1
                PROVIDER=systemd
                SYSTEMD_UNIT=broken.service
                BACKEND=127.0.0.1:8092
                """);

        CommandResult answer = system.run("curl", "--silent", "--max-time", "60", "http://127.0.0.1:10091/");
        String error = system.shell("sleepingd status --json | jq -r '.services[] | select(.name == \"broken\")"
                + " | .lastError.message'").output();
        System.out.println("the failed unit's error: " + error); // what docs/plugins.md quotes

        assertAll(
                () -> assertTrue(answer.exitCode() == 52 || answer.exitCode() == 56,
                        "curl: empty reply or reset, the connection closed: " + answer.output()),
                () -> assertTrue(error.contains("systemctl start broken.service failed"), error),
                () -> assertTrue(error.contains("systemctl status broken.service: ") && error.contains("failed"), error),
                () -> assertTrue(error.contains("ExecStartPre=/bin/sh"), "status names the step that failed: " + error),
                () -> assertEquals("failed", unitState("broken")));
    }

    @Test
    void aUserUnitIsStartedAndStoppedByItsUsersManager() throws Exception {
        CommandResult user = system.shell("useradd --create-home alice && loginctl enable-linger alice"
                + " && systemctl start user@$(id -u alice).service");
        assertEquals(0, user.exitCode(), user.output());
        Path home = system.root().resolve("home/alice");
        Files.createDirectories(home.resolve("www"));
        Files.writeString(home.resolve("www/index.html"), "served by alice's unit\n");
        writeUnit("home/alice/.config/systemd/user/notebook.service",
                "/bin/busybox httpd -f -p 127.0.0.1:8093 -h /home/alice/www");
        assertEquals(0, system.shell("chown -R alice: /home/alice").exitCode());
        CommandResult dropIn = system.shell("mkdir -p /etc/systemd/system/sleepingd.service.d"
                + " && cp /usr/share/sleepingd/systemd/run-as-users.conf /etc/systemd/system/sleepingd.service.d/"
                + " && systemctl daemon-reload && systemctl restart sleepingd");
        assertEquals(0, dropIn.exitCode(), dropIn.output());
        reloadWith("""
                [notebook]
                PORT=10093
                BIND=127.0.0.1
                PROVIDER=systemd
                SYSTEMD_UNIT=notebook
                SYSTEMD_USER=yes
                USER=alice
                BACKEND=127.0.0.1:8093
                IDLE_TIME=2
                IDLE_CHECK_INTERVAL=1
                """);

        CommandResult answer = system.run("curl", "--silent", "--show-error", "--max-time", "60",
                "http://127.0.0.1:10093/");
        String during = userUnitState("notebook");

        assertAll(
                () -> assertEquals("served by alice's unit\n", answer.output()),
                () -> assertEquals("active", during));
        await("notebook", () -> userUnitState("notebook"), "inactive");
    }

    private void writeUnit(String path, String execStart) throws Exception {
        Path unit = system.root().resolve(path);
        Files.createDirectories(unit.getParent());
        Files.writeString(unit, "[Service]\nExecStart=" + execStart + "\n");
    }

    private void reloadWith(String section) throws Exception {
        Files.writeString(system.root().resolve("etc/sleepingd/sleepingd.conf"), "\n" + section,
                StandardOpenOption.APPEND);
        CommandResult reload = system.run("systemctl", "reload", "sleepingd");
        assertEquals(0, reload.exitCode(), reload.output()
                + system.run("journalctl", "--unit=sleepingd", "--output=cat").output());
    }

    private String unitState(String unit) throws Exception {
        return system.run("systemctl", "is-active", unit).output().strip();
    }

    private String userUnitState(String unit) throws Exception {
        return system.shell("runuser -u alice -- env XDG_RUNTIME_DIR=/run/user/$(id -u alice) systemctl --user"
                + " is-active " + unit).output().strip();
    }

    private void await(String unit, Callable<String> state, String expected) throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!state.call().equals(expected)) {
            assertTrue(System.nanoTime() < deadline, unit + " became " + expected + " within " + LIMIT
                    + "; the daemon said:\n" + system.run("journalctl", "--unit=sleepingd", "--output=cat").output());
            Thread.sleep(200);
        }
    }
}
