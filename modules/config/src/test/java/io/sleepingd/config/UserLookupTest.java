package io.sleepingd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user database asked through a stand-in for getent (a shell script): a lookup that never answers
 * is killed, with everything it started, at its timeout and reported; a failing one is reported with
 * what it said. UserTest resolves real accounts with the real getent.
 */
@Timeout(60)
class UserLookupTest {
    @TempDir
    Path dir;

    /** A lookup whose getent runs {@code script} (its arguments in "$@"). */
    private UserLookup lookup(String script, Duration timeout) throws IOException {
        Path getent = Files.writeString(dir.resolve("getent"), "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(getent, PosixFilePermissions.fromString("rwx------"));
        return new UserLookup(getent.toString(), timeout);
    }

    @Test
    void aLookupThatNeverAnswersIsKilledWithEverythingItStartedAndReported() throws Exception {
        Path pidFile = dir.resolve("escaped.pid");
        // Like an NSS module that double-forks a helper out of the session: ( setsid helper & ).
        UserLookup lookup = lookup("( setsid sh -c 'echo $$ > " + pidFile + "; exec sleep 777' & )\n"
                + "while [ ! -s " + pidFile + " ]; do sleep 0.05; done\nsleep 1000", Duration.ofSeconds(1));
        try {
            ValueException e = assertThrows(ValueException.class, () -> lookup.resolve("alice"));

            assertEquals("USER 'alice' could not be looked up: 'getent passwd alice' did not finish within 1 s; "
                    + "killed it and its child processes", e.getMessage());
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

    @Test
    void aFailingLookupIsReportedWithWhatGetentSaid() throws Exception {
        UserLookup lookup = lookup("echo 'getent: the LDAP server is unreachable' >&2; exit 1", Duration.ofSeconds(60));

        ValueException e = assertThrows(ValueException.class, () -> lookup.resolve("alice"));

        assertEquals("USER 'alice' could not be looked up: " + dir.resolve("getent") + " exited with status 1: "
                + "getent: the LDAP server is unreachable", e.getMessage());
    }

    @Test
    void anEntryThatIsNoPasswdLineIsReportedAsPrinted() throws Exception {
        UserLookup lookup = lookup("echo 'alice:x:not-a-uid:100::/home/alice:/bin/sh'", Duration.ofSeconds(60));

        ValueException e = assertThrows(ValueException.class, () -> lookup.resolve("alice"));

        assertEquals("USER 'alice' could not be looked up: " + dir.resolve("getent") + " printed "
                + "'alice:x:not-a-uid:100::/home/alice:/bin/sh'", e.getMessage());
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
