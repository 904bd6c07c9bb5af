package io.sleepingd.sshwho;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.IdleProbe;
import io.sleepingd.spi.InvalidValueException;
import io.sleepingd.spi.ServiceSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe against a real sshd (Debian's openssh-server, installed by .ci/run) started on a
 * 127.0.0.1 port with a temporary host key and an authorized key. Logins are recorded in /run/utmp,
 * which .ci/run creates: without it {@code who} never reports anybody.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SshWhoProbeTest {
    @TempDir
    static Path dir;
    static Process sshd;
    static int port;

    @BeforeAll
    static void startSshd() throws Exception {
        assertTrue(Files.exists(Path.of("/run/utmp")), "/run/utmp must exist for logins to be recorded (.ci/run creates it)");
        Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege separation directory
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("host_key").toString());
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("id").toString());
        Files.copy(dir.resolve("id.pub"), dir.resolve("authorized_keys"));
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Files.writeString(dir.resolve("sshd_config"), """
                Port %d
                ListenAddress 127.0.0.1
                HostKey %s
                AuthorizedKeysFile %s
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                UsePAM no
                StrictModes no
                PermitRootLogin prohibit-password
                PidFile %s
                """.formatted(port, dir.resolve("host_key"), dir.resolve("authorized_keys"), dir.resolve("sshd.pid")));
        String hostKey = Files.readString(dir.resolve("host_key.pub")).strip().split(" ", 3)[0] + " "
                + Files.readString(dir.resolve("host_key.pub")).strip().split(" ", 3)[1];
        Files.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:" + port + " " + hostKey + "\n");
        sshd = new ProcessBuilder("/usr/sbin/sshd", "-D", "-f", dir.resolve("sshd_config").toString(), "-E",
                dir.resolve("sshd.log").toString()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!accepts(port)) {
            assertTrue(sshd.isAlive(), () -> "sshd exited: " + read(dir.resolve("sshd.log")));
            assertTrue(System.nanoTime() < deadline, "sshd did not listen within 20 s");
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stopSshd() throws Exception {
        if (sshd != null) {
            sshd.descendants().forEach(ProcessHandle::destroy);
            sshd.destroy();
            sshd.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Map<String, String> reachable() {
        Map<String, String> values = new HashMap<>();
        values.put("SSH_WHO_HOST", "127.0.0.1");
        values.put("SSH_WHO_PORT", Integer.toString(port));
        values.put("SSH_WHO_USER", "root");
        values.put("SSH_WHO_IDENTITY", dir.resolve("id").toString());
        values.put("SSH_WHO_KNOWN_HOSTS", dir.resolve("known_hosts").toString());
        values.put("SSH_WHO_TIMEOUT", "5");
        return values;
    }

    private static IdleProbe probe(Map<String, String> values) throws BackendException, InvalidValueException {
        return new SshWhoProvider().open(
                ServiceSettings.parse("VM", 2222, Optional.empty(), values, new SshWhoProvider().keys()));
    }

    @Test
    void nobodyLoggedInIsIdle() throws Exception {
        assertTrue(probe(reachable()).isIdle());
    }

    @Test
    void anOpenLoginSessionIsBusyUntilItEnds() throws Exception {
        IdleProbe probe = probe(reachable());
        Process session = new ProcessBuilder("ssh", "-tt", "-o", "BatchMode=yes", "-o",
                "UserKnownHostsFile=" + dir.resolve("known_hosts"), "-i", dir.resolve("id").toString(), "-p",
                Integer.toString(port), "root@127.0.0.1", "sleep 60")
                .redirectInput(ProcessBuilder.Redirect.PIPE).start();
        try {
            while (probe.isIdle()) {
                assertTrue(session.isAlive(), "the test's login session ended early");
                Thread.sleep(200); // until sshd has recorded the login; bounded by @Timeout
            }
        } finally {
            session.destroy();
            session.waitFor(10, TimeUnit.SECONDS);
        }
        while (!probe.isIdle()) {
            Thread.sleep(200); // until sshd has recorded the logout; bounded by @Timeout
        }
    }

    @Test
    void anUnreachableHostIsBusy() throws Exception {
        Map<String, String> values = reachable();
        try (ServerSocket nobody = new ServerSocket(0)) {
            values.put("SSH_WHO_PORT", Integer.toString(nobody.getLocalPort()));
        }
        assertFalse(probe(values).isIdle());
    }

    @Test
    void aHostWithAnUnknownKeyIsBusyNeverAPrompt() throws Exception {
        Map<String, String> values = reachable();
        Path empty = Files.writeString(dir.resolve("empty_known_hosts"), "");
        values.put("SSH_WHO_KNOWN_HOSTS", empty.toString());
        assertFalse(probe(values).isIdle());
    }

    @Test
    void aMissingHostOrABadPortIsAConfigurationError() {
        Map<String, String> values = reachable();
        values.remove("SSH_WHO_HOST");
        assertEquals("SSH_WHO_HOST is required by IDLE_PROBE=ssh-who",
                assertThrows(BackendException.class, () -> probe(values)).getMessage());
        Map<String, String> badPort = reachable();
        badPort.put("SSH_WHO_PORT", "70000");
        assertEquals("SSH_WHO_PORT '70000' is not a port number (1-65535)",
                assertThrows(InvalidValueException.class, () -> probe(badPort)).getMessage());
    }

    @Test
    void theCommandNeverPromptsAndCarriesTheConfiguredOptions() throws Exception {
        List<String> command = ((SshWhoProbe) probe(reachable())).command();
        assertEquals("ssh", command.getFirst());
        assertTrue(command.contains("BatchMode=yes"), command.toString());
        assertEquals(List.of("--", "127.0.0.1", "who"), command.subList(command.size() - 3, command.size()));
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0,
                () -> String.join(" ", command) + " failed: " + read(process));
    }

    private static String read(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes());
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
