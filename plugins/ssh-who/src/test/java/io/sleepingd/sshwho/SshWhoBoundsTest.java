package io.sleepingd.sshwho;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sleepingd.spi.ServiceSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe is bounded, whatever ssh does: an ssh that never answers (a stand-in script given as
 * {@code SSH_WHO_COMMAND}) is killed with everything it started and counts as busy, and a timeout of 0
 * is the default, not no time at all. SshWhoProbeTest runs the probe against a real sshd.
 */
@Timeout(60)
class SshWhoBoundsTest {
    @TempDir
    Path dir;

    private static SshWhoProbe probe(Map<String, String> values) throws Exception {
        return (SshWhoProbe) new SshWhoProvider().open(
                ServiceSettings.parse("VM", 2222, Optional.empty(), values, new SshWhoProvider().keys()));
    }

    @Test
    void zeroTimeoutIsTheDefaultOfTenSeconds() throws Exception {
        SshWhoProbe probe = probe(Map.of("SSH_WHO_HOST", "192.0.2.1", "SSH_WHO_TIMEOUT", "0"));

        assertTrue(probe.command().contains("ConnectTimeout=10"), probe.command().toString());
    }

    @Test
    void anSshThatNeverAnswersIsKilledWithEverythingItStartedAndCountsAsBusy() throws Exception {
        Path pidFile = dir.resolve("escaped.pid");
        // Like a ControlMaster that double-forks out of ssh's session: ( setsid master & ).
        Path ssh = Files.writeString(dir.resolve("ssh"), "#!/bin/sh\n( setsid sh -c 'echo $$ > " + pidFile
                + "; exec sleep 777' & )\nwhile [ ! -s " + pidFile + " ]; do sleep 0.05; done\nsleep 1000\n");
        Files.setPosixFilePermissions(ssh, PosixFilePermissions.fromString("rwx------"));
        SshWhoProbe probe = probe(Map.of("SSH_WHO_HOST", "192.0.2.1", "SSH_WHO_TIMEOUT", "1",
                "SSH_WHO_COMMAND", ssh.toString()));
        try {
            assertFalse(probe.isIdle());

            long pid = Long.parseLong(Files.readString(pidFile).strip());
            while (isAlive(pid)) {
                Thread.sleep(20); // a survivor never dies and fails the @Timeout
            }
        } finally {
            if (Files.exists(pidFile)) {
                ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /** Alive means it exists and is not a zombie waiting to be reaped. */
    private static boolean isAlive(long pid) throws IOException {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(line -> line.startsWith("State:"))
                    .noneMatch(line -> line.contains("Z (zombie)") || line.contains("X (dead)"));
        } catch (NoSuchFileException e) {
            return false;
        }
    }
}
