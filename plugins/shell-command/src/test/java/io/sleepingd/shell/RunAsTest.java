package io.sleepingd.shell;

import static io.sleepingd.shell.Fixtures.GENEROUS;
import static io.sleepingd.shell.Fixtures.TRIGGER;
import static io.sleepingd.shell.Fixtures.id;
import static io.sleepingd.shell.Fixtures.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sleepingd.spi.Backend;
import io.sleepingd.spi.CheckResult;
import io.sleepingd.spi.CommandResult;
import io.sleepingd.spi.RunAs;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code USER}: commands run as that account (through setpriv), or unchanged when it is the daemon's own. */
@Timeout(60)
class RunAsTest {
    private static RunAs nobody;
    private static int ownUid;
    private static int ownGid;

    @BeforeAll
    static void accounts() throws Exception {
        ownUid = id("-u");
        ownGid = id("-g");
        assumeTrue(ownUid == 0, "switching accounts needs the tests to run as root");
        // A home of its own, not nobody's real one: HOME must come from the account given.
        nobody = new RunAs("nobody", id("-u", "nobody"), id("-g", "nobody"), Path.of("/home/nobody-sleepingd-test"));
    }

    private static CommandResult runAs(RunAs user, String command) throws Exception {
        return new ShellRunner("web", Optional.of(user)).run("START_CMD", command, GENEROUS, Map.of());
    }

    @Test
    void commandRunsWithTheUsersUid() throws Exception {
        assertEquals(Integer.toString(nobody.uid()), runAs(nobody, "id -u").firstLine());
    }

    @Test
    void commandRunsWithTheUsersGid() throws Exception {
        assertEquals(Integer.toString(nobody.gid()), runAs(nobody, "id -g").firstLine());
    }

    @Test
    void commandRunsWithTheUsersSupplementaryGroupsOnly() throws Exception {
        // nobody's groups from the group database, not root's.
        assertEquals(groupsOf("nobody"), runAs(nobody, "id -G").firstLine());
    }

    @Test
    void userAndLognameNameTheUser() throws Exception {
        assertEquals("nobody nobody", runAs(nobody, "echo \"$USER $LOGNAME\"").firstLine());
    }

    @Test
    void homeIsTheUsersHome() throws Exception {
        assertEquals(nobody.home().toString(), runAs(nobody, "echo \"$HOME\"").firstLine());
    }

    @Test
    void serviceWithUserRunsItsCommandsAsThatUser() throws Exception {
        Backend backend = new ShellCommandProvider().open(settings("web", Optional.of(nobody),
                "CHECK_CMD", "test \"$(id -u)\" = " + nobody.uid()));

        assertEquals(new CheckResult.Running(Optional.empty()), backend.check(TRIGGER));
    }

    @Test
    void userThatIsTheDaemonsOwnUidRunsTheCommandUnchanged() throws Exception {
        // The gid differs from the daemon's on purpose: had setpriv run, `id -g` would print it.
        RunAs self = new RunAs("root", ownUid, nobody.gid(), Path.of("/root"));

        assertEquals(ownUid + " " + ownGid, runAs(self, "echo \"$(id -u) $(id -g)\"").firstLine());
    }

    private static String groupsOf(String user) throws Exception {
        Process process = new ProcessBuilder("id", "-G", user).start();
        String groups = new String(process.getInputStream().readAllBytes()).strip();
        process.waitFor();
        return groups;
    }
}
