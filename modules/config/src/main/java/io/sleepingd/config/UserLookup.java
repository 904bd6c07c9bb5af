package io.sleepingd.config;

import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.Command;
import io.sleepingd.spi.CommandResult;
import io.sleepingd.spi.CommandRunner;
import io.sleepingd.spi.RunAs;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves {@code USER} names with the system's own user database (NSS: files, LDAP, ...) by asking
 * {@code getent passwd}, which Java cannot do itself, through the SPI's {@link CommandRunner}: bounded,
 * and killed with everything it started when the database does not answer. The original silently ran
 * as root for an unknown user; here that is an error at load time. Used by one loading thread.
 */
final class UserLookup {
    /** A user database that has not answered in this time (an LDAP server away) will not. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** getent's exit status for "key not found". */
    private static final int NOT_FOUND = 2;

    // absolute, so that a daemon started as root does not run whatever "getent" comes first on PATH
    private static final String GETENT = Files.isExecutable(Path.of("/usr/bin/getent")) ? "/usr/bin/getent" : "/bin/getent";

    private final String getent;
    private final Duration timeout;
    private final Map<String, Answer> cache = new HashMap<>();

    /** What getent said about one name: an account, or why there is none. */
    private record Answer(RunAs account, String problem) {
    }

    UserLookup() {
        this(GETENT, TIMEOUT);
    }

    /** With another getent and timeout: for tests. */
    UserLookup(String getent, Duration timeout) {
        this.getent = getent;
        this.timeout = timeout;
    }

    /** The account, asked once per distinct name. */
    RunAs resolve(String name) throws ValueException {
        Answer answer = cache.computeIfAbsent(name, this::lookUp);
        if (answer.account() == null) {
            throw new ValueException(answer.problem());
        }
        return answer.account();
    }

    private Answer lookUp(String name) {
        String problem = "USER '" + name + "' could not be looked up: ";
        Optional<String> entry;
        try {
            entry = passwdEntry(name);
        } catch (BackendException e) {
            return new Answer(null, problem + e.getMessage());
        }
        if (entry.isEmpty()) {
            return new Answer(null, "USER '" + name + "' does not exist");
        }
        String[] fields = entry.get().split(":", -1); // name:password:uid:gid:gecos:home:shell
        try {
            if (fields.length == 7) {
                return new Answer(new RunAs(fields[0], Integer.parseInt(fields[2]), Integer.parseInt(fields[3]),
                        Path.of(fields[5])), null);
            }
        } catch (NumberFormatException | InvalidPathException e) {
            // reported below, with what getent printed
        }
        return new Answer(null, problem + getent + " printed '" + entry.get() + "'");
    }

    /** The account's line of the user database, or empty when getent says there is no such user. */
    private Optional<String> passwdEntry(String name) throws BackendException {
        // The config module has no log: getent's standard error goes into the problem when it fails.
        CommandResult result = CommandRunner.run(Command.of("'getent passwd " + name + "'",
                List.of(getent, "passwd", "--", name), timeout, line -> { }));
        if (result.exitStatus() == NOT_FOUND) {
            return Optional.empty();
        }
        if (result.exitStatus() != 0) {
            throw new BackendException(getent + " exited with status " + result.exitStatus()
                    + (result.errorLines().isEmpty() ? "" : ": " + result.errorText()));
        }
        return Optional.of(result.firstLine().strip());
    }
}
