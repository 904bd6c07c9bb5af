package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** check-config prints effective settings; bad configuration stops everything with FILE:LINE messages. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CheckConfigIT {
    /** check-config only judges the configuration: it never says "nothing started". */
    private static final String ONE_PROBLEM = "sleepingd: the configuration has 1 problem\n";

    @TempDir
    Path dir;

    @Test
    void checkConfigPrintsEverySettingOfEveryServiceWithInheritanceAndDefaultsApplied() throws Exception {
        DaemonHarness daemon = DaemonHarness.with(dir, """
                IDLE_TIME=30
                [Web]
                PORT=10080
                START_CMD="date +%s; echo '127.0.0.1 8080'"
                [Off]
                ACTIVE=no
                PORT=10081
                """);
        DaemonHarness.Cli check = daemon.cli("check-config");
        assertEquals(0, check.exitStatus(), check.err());
        String web = check.out().substring(check.out().indexOf("[Web]"), check.out().indexOf("[Off]"));
        assertTrue(web.contains("\nIDLE_TIME=30\n"), web);
        assertTrue(web.contains("\nIDLE_CHECK_INTERVAL=10\n"), web);
        assertTrue(web.contains("\nWAKE_TIMEOUT=60\n"), web);
        assertTrue(web.contains("\nSTOP_CMD=false\n"), web);
        assertTrue(web.contains("\nSTART_CMD=\"date +%s; echo '127.0.0.1 8080'\"\n"), web);
        assertTrue(check.out().contains("[Off]\n# " + daemon.config + ":6 (inactive)"), check.out());
    }

    @Test
    void checkConfigShowsTheWakePolicyAndTheProtocolWithTheirDefaultsSaidInWords() throws Exception {
        DaemonHarness daemon = DaemonHarness.with(dir, """
                NO_WAKE_FROM=192.0.2.9
                [Web]
                PORT=10080
                WAKE_RATE=3/10m
                PROTOCOL=http
                """);
        DaemonHarness.Cli check = daemon.cli("check-config");
        assertEquals(0, check.exitStatus(), check.err());
        String web = check.out().substring(check.out().indexOf("[Web]"));
        assertTrue(web.contains("\nWAKE_FROM=\"\" # every address may wake the backend\n"), web);
        assertTrue(web.contains("\nNO_WAKE_FROM=192.0.2.9\n"), web);
        assertTrue(web.contains("\nKEEP_AWAKE_FROM=\"\" # every connection keeps the backend awake\n"), web);
        assertTrue(web.contains("\nWAKE_RATE=3/10m\n"), web);
        assertTrue(web.contains("\nPROTOCOL=http\n"), web);
        assertTrue(web.contains("\nHOLD_REPLY_AFTER=\"\" # held until WAKE_TIMEOUT\n"), web);
    }

    @Test
    void aConfigurationErrorIsReportedWithFileAndLineAndNothingStarts() throws Exception {
        try (ServerSocket probe = new ServerSocket(0)) {
            int port = probe.getLocalPort();
            probe.close();
            DaemonHarness daemon = DaemonHarness.with(dir, """
                    [One]
                    PORT=%d
                    [Two]
                    PORT=%d
                    IDLE_TIME=ten
                    """.formatted(port, port));
            DaemonHarness.Cli run = daemon.cli("run");
            assertEquals(1, run.exitStatus());
            assertTrue(run.err().contains(daemon.config + ":6: IDLE_TIME 'ten' is not a whole number of seconds"),
                    run.err());
            assertTrue(run.err().contains(daemon.config + ":5: port " + port + " is already used by service 'One'"),
                    run.err());
            assertTrue(run.err().contains("nothing started"), run.err());
            assertTrue(Files.notExists(dir.resolve("run").resolve("control.sock")));
        }
    }

    @Test
    void everyKindOfMistakeIsReportedInOneRunInFileOrder() throws Exception {
        DaemonHarness daemon = DaemonHarness.with(dir, """
                [quoting]
                PORT=10001
                START_CMD="echo hi"x
                [values]
                PORT=seventy
                [provider]
                PORT=10003
                PROVIDER=dokker
                [provider keys]
                PORT=10004
                PROVIDER=docker
                DOCKER_PORT=99999
                DOCKER_EPHEMERAL=maybe
                [unknown]
                PORT=10005
                STRAT_CMD=true
                """);
        String file = daemon.config.toString();

        DaemonHarness.Cli check = daemon.cli("check-config");

        assertEquals(1, check.exitStatus());
        assertEquals(file + ":4: unexpected text after closing quote\n"
                + file + ":6: PORT 'seventy' is not a port number (1-65535)\n"
                + file + ":9: service 'provider': PROVIDER 'dokker' is not installed (installed: docker, kubernetes, libvirt, shell, swarm, systemd, wake-on-lan)\n"
                + file + ":13: service 'provider keys': DOCKER_PORT '99999' is not a port number (1-65535)\n"
                + file + ":14: service 'provider keys': DOCKER_EPHEMERAL 'maybe' is not yes, no, true or false\n"
                + file + ":17: unknown key STRAT_CMD (did you mean START_CMD?)\n"
                + "sleepingd: the configuration has 6 problems\n", check.err());
    }

    @Test
    void eachProvidersMissingOrMalformedKeysAreReportedWithFileAndLine() throws Exception {
        DaemonHarness daemon = DaemonHarness.with(dir, """
                [unit]
                PORT=10001
                PROVIDER=systemd
                SYSTEMD_UNIT="web --user"
                BACKEND=127.0.0.1:8080
                [no unit]
                PORT=10002
                PROVIDER=systemd
                BACKEND=127.0.0.1:8080
                [machine]
                PORT=10003
                PROVIDER=wake-on-lan
                WOL_MAC=00:1a:2b
                BACKEND=localhost
                [swarm]
                PORT=10004
                PROVIDER=swarm
                SWARM_REPLICAS=two
                [no swarm service]
                PORT=10005
                PROVIDER=swarm
                """);
        String file = daemon.config.toString();

        DaemonHarness.Cli check = daemon.cli("check-config");

        assertEquals(1, check.exitStatus());
        assertEquals(file + ":5: service 'unit': SYSTEMD_UNIT 'web --user' names '--user', which is not a unit name"
                + " (letters, digits and :_.@\\- of which the first is not -)\n"
                + file + ":7: service 'no unit': SYSTEMD_UNIT is required: the unit to start, or several separated"
                + " by blanks, started in that order\n"
                + file + ":14: service 'machine': WOL_MAC '00:1a:2b' is not a MAC address (six hexadecimal bytes:"
                + " aa:bb:cc:dd:ee:ff)\n"
                + file + ":15: service 'machine': BACKEND 'localhost' is not HOST:PORT\n"
                + file + ":19: service 'swarm': SWARM_REPLICAS 'two' is not a whole number\n"
                + file + ":20: service 'no swarm service': SWARM_SERVICE is required by PROVIDER=swarm: the Swarm"
                + " service's name\n"
                + "sleepingd: the configuration has 6 problems\n", check.err());
    }

    @Test
    void runReportsEveryMistakeInOneRunToo() throws Exception {
        DaemonHarness daemon = DaemonHarness.with(dir, """
                [values]
                PORT=seventy
                [unknown]
                PORT=10005
                STRAT_CMD=true
                """);

        DaemonHarness.Cli run = daemon.cli("run");

        assertEquals(1, run.exitStatus());
        assertTrue(run.err().contains(":3: PORT 'seventy'") && run.err().contains(":6: unknown key STRAT_CMD")
                && run.err().contains("the configuration has 2 problems; nothing started"), run.err());
    }

    @Test
    void aUserThatDoesNotExistIsAConfigurationErrorNotAFallbackToRoot() throws Exception {
        DaemonHarness daemon = DaemonHarness.with(dir, """
                [Web]
                PORT=10080
                USER=no-such-user-here
                """);
        DaemonHarness.Cli check = daemon.cli("check-config");
        assertEquals(1, check.exitStatus());
        assertTrue(check.err().contains(daemon.config + ":4: USER 'no-such-user-here' does not exist"), check.err());
    }

    @Test
    void aMissingConfigurationFileIsAnError() throws Exception {
        DaemonHarness.Cli check = DaemonHarness.run(dir, DaemonHarness.command("check-config", "-f",
                dir.resolve("missing.conf").toString()));
        assertEquals(1, check.exitStatus());
        assertTrue(check.err().contains(dir.resolve("missing.conf") + ": no such file"), check.err());
    }

    @Test
    void aKeyNothingReadsIsAnErrorWithTheKeyItMostLikelyMeant() throws Exception {
        try (DaemonHarness daemon = DaemonHarness.with(dir, "[web]\nPORT=1\nSTRAT_CMD=\"echo 127.0.0.1 2\"\n")) {

            DaemonHarness.Cli check = daemon.cli("check-config");

            assertEquals(1, check.exitStatus(), check.out() + check.err());
            assertEquals(daemon.config + ":4: unknown key STRAT_CMD (did you mean START_CMD?)\n" + ONE_PROBLEM,
                    check.err());
        }
    }

    @Test
    void withUnknownKeysWarnAKeyNothingReadsIsOnlyAWarning() throws Exception {
        try (DaemonHarness daemon = DaemonHarness.with(dir, "UNKNOWN_KEYS=warn\n[web]\nPORT=1\nOLD_KEY=x\n")) {

            DaemonHarness.Cli check = daemon.cli("check-config");

            assertEquals(0, check.exitStatus(), check.out() + check.err());
            assertTrue(check.err().contains("unknown key OLD_KEY"), check.err());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"simple-web-server.conf", "docker/sleepingd.conf", "swarm/sleepingd.conf",
            "systemd/sleepingd.conf", "wake-on-lan/sleepingd.conf"})
    void everyShippedExampleIsAcceptedByItsProvider(String file) throws Exception {
        Path example = Path.of(System.getProperty("sleepingd.examples"), file);
        // its USER, alice, is an example's; nobody exists everywhere
        Path copy = Files.writeString(dir.resolve("example.conf"), Files.readString(example)
                .replace("USER=alice", "USER=nobody"));
        Path run = Files.writeString(dir.resolve("run.conf"), "VARRUN_PATH=" + dir.resolve("run") + "\n");
        DaemonHarness.Cli check = DaemonHarness.run(dir, DaemonHarness.command("check-config", "-f", run.toString(),
                "-f", copy.toString()));
        assertEquals(0, check.exitStatus(), check.err());
        assertTrue(!check.err().contains("unknown key"), check.err());
    }

    @Test
    void theDockerExampleSaysWhichContainersItUses() throws Exception {
        Path example = Path.of(System.getProperty("sleepingd.examples"), "docker", "sleepingd.conf");
        Path run = Files.writeString(dir.resolve("run.conf"), "VARRUN_PATH=" + dir.resolve("run") + "\n");
        DaemonHarness.Cli check = DaemonHarness.run(dir, DaemonHarness.command("check-config", "-f", run.toString(),
                "-f", example.toString()));
        assertTrue(check.out().contains("DOCKER_CONTAINERS=\"sleepingnode1:3000 sleepingnode2:3000\""), check.out());
    }

    @Test
    void checkConfigPrintsTheValuesInUseWithEveryProvidersAndProbesDefaults() throws Exception {
        DaemonHarness daemon = DaemonHarness.with(dir, """
                [shell]
                PORT=10080
                WAKE_TIMEOUT=20
                IDLE_PROBE=ssh-who
                SSH_WHO_HOST=vm.example
                [docker]
                PORT=10081
                PROVIDER=docker
                DOCKER_CONTAINERS=web
                DOCKER_PORT=3000
                """);

        DaemonHarness.Cli check = daemon.cli("check-config");

        assertEquals(0, check.exitStatus(), check.err());
        String general = check.out().substring(0, check.out().indexOf("[shell]"));
        String shell = check.out().substring(check.out().indexOf("[shell]"), check.out().indexOf("[docker]"));
        String docker = check.out().substring(check.out().indexOf("[docker]"));
        assertAll(
                () -> assertTrue(general.contains("\nPLUGIN_DIR="), general),
                () -> assertTrue(general.contains("\nUNKNOWN_KEYS=error\n"), general),
                () -> assertTrue(shell.contains("\nBIND=\"\" # every address, IPv4 and IPv6\n"), shell),
                () -> assertTrue(shell.contains("\nIDLE_TIME=0 # never put to sleep for being idle\n"), shell),
                () -> assertTrue(shell.contains("\nSTART_CMD_TIMEOUT=80\n"), "WAKE_TIMEOUT and a minute: " + shell),
                () -> assertTrue(shell.contains("\nSTOP_CMD_TIMEOUT=60\n"), shell),
                () -> assertTrue(shell.contains("\nSSH_WHO_TIMEOUT=10\nSSH_WHO_COMMAND=ssh\n"), shell),
                () -> assertTrue(docker.contains("\nDOCKER_COMMAND=docker\n"), docker),
                () -> assertTrue(docker.contains("\nDOCKER_CONTAINERS=web:3000\n"), docker),
                () -> assertTrue(docker.contains("\nDOCKER_ADDRESS=auto\n"), docker),
                () -> assertTrue(docker.contains("\nDOCKER_EPHEMERAL=no\n"), docker),
                () -> assertTrue(docker.contains("\nDOCKER_TIMEOUT=60\nDOCKER_STOP_TIMEOUT=10\n"), docker),
                () -> assertFalse(docker.contains("START_CMD"), "the docker provider runs no START_CMD: " + docker));
    }

    @Test
    void whatCheckConfigPrintsIsAConfigurationThatReadsBackTheSame() throws Exception {
        DaemonHarness daemon = DaemonHarness.with(dir, """
                EXEC_CMD_TIMEOUT=15
                UNKNOWN_KEYS=warn
                [web]
                OLD_KEY="from an old file"
                PORT=10080
                BIND=127.0.0.1
                START_CMD="echo \\"$HOME\\" 'x' \\\\ `id`; echo 127.0.0.1 8080"
                IDLE_TIME=30
                [pool]
                PORT=10081
                PROVIDER=docker
                DOCKER_CONTAINERS="a b:3001"
                DOCKER_PORT=3000
                DOCKER_BALANCE=round-robin
                """);
        DaemonHarness.Cli first = daemon.cli("check-config");
        assertEquals(0, first.exitStatus(), first.err());
        Path printed = Files.writeString(dir.resolve("printed.conf"), first.out());

        DaemonHarness.Cli second = DaemonHarness.run(dir, DaemonHarness.command("check-config", "-f", printed.toString()));

        assertEquals(0, second.exitStatus(), second.err());
        assertEquals(withoutComments(first.out()), withoutComments(second.out()));
    }

    @Test
    void aPoolWhoseMembersWouldShareAPortOfTheHostsNetworkIsWarnedAbout() throws Exception {
        DaemonHarness daemon = DaemonHarness.with(dir, """
                [pool]
                PORT=10081
                PROVIDER=docker
                DOCKER_CONTAINERS="a b"
                DOCKER_PORT=3000
                DOCKER_CREATE_OPTIONS="--network host"
                """);

        DaemonHarness.Cli check = daemon.cli("check-config");

        assertEquals(0, check.exitStatus(), check.err());
        assertEquals(1, check.err().split("service 'pool': DOCKER_CONTAINERS: a and b would all listen on port 3000"
                + " of the host's network", -1).length - 1, "said once: " + check.err());
    }

    /** The report less its comments, which name the files it came from. */
    private static String withoutComments(String report) {
        return report.lines().filter(line -> !line.startsWith("#")).map(line -> line.replaceAll(" # .*$", ""))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    @Test
    void aFifoIsRefusedInsteadOfWaitingForAWriter() throws Exception {
        Path fifo = dir.resolve("fifo.conf");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor(), "mkfifo");

        DaemonHarness.Cli check = DaemonHarness.run(dir, DaemonHarness.command("check-config", "-f", fifo.toString()));

        assertEquals(1, check.exitStatus());
        assertEquals(fifo + ": not a regular file (a FIFO)\n" + ONE_PROBLEM, check.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/dev/zero", "/dev/urandom"})
    void aDeviceThatNeverEndsIsRefusedWithAMessageNotAnOutOfMemoryError(String device) throws Exception {
        DaemonHarness.Cli check = DaemonHarness.run(dir, withLaunchersHeap("check-config", "-f", device));

        assertEquals(1, check.exitStatus());
        assertEquals(device + ": not a regular file (a character device)\n" + ONE_PROBLEM, check.err());
    }

    @Test
    void aTenMegabyteOneLineFileIsRefusedWithAMessageNotAnOutOfMemoryError() throws Exception {
        Path big = Files.writeString(dir.resolve("big.conf"), "START_CMD=\"" + "x".repeat(10_000_000) + "\"\n");

        DaemonHarness.Cli check = DaemonHarness.run(dir, withLaunchersHeap("check-config", "-f", big.toString()));

        assertEquals(1, check.exitStatus());
        assertEquals(big + ": larger than the 1 MiB limit for a configuration file\n" + ONE_PROBLEM, check.err());
    }

    @Test
    void seventyThousandServicesAreRefusedAtTheLimitNotWithAnOutOfMemoryError() throws Exception {
        // each with a PORT of its own (inactive, so that one port does for all), in 0.9 MiB: without the
        // limit, the settings of some 50,000 services fill the launcher's 64 MiB heap
        StringBuilder text = new StringBuilder("ACTIVE=no\n");
        for (int i = 0; i < 70_000; i++) {
            text.append('[').append(Integer.toString(i, 36)).append("]\nPORT=1\n");
        }
        Path many = Files.writeString(dir.resolve("many.conf"), text);

        DaemonHarness.Cli check = DaemonHarness.run(dir, withLaunchersHeap("check-config", "-f", many.toString()));

        assertEquals(1, check.exitStatus());
        assertEquals(many + ":2002: more than 1000 services, the limit for a configuration; stopped reading\n"
                + ONE_PROBLEM, check.err());
    }

    /** The command with the heap ./sleepingd gives the daemon, which unbounded input used to exhaust. */
    private static List<String> withLaunchersHeap(String... arguments) {
        List<String> command = new ArrayList<>(DaemonHarness.command(arguments));
        command.addAll(1, List.of("-XX:+UseSerialGC", "-Xmx64m", "-Xmn4m"));
        return command;
    }
}
