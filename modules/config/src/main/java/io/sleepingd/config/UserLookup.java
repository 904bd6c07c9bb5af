package io.sleepingd.config;

import io.sleepingd.spi.RunAs;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Resolves {@code USER} names with the system's own user database (NSS: files, LDAP, ...) by asking
 * {@code getent passwd}, which Java cannot do itself. The original silently ran as root for an
 * unknown user; here that is an error at load time.
 */
final class UserLookup {
    private static final long TIMEOUT_SECONDS = 10;

    // absolute, so that a daemon started as root does not run whatever "getent" comes first on PATH
    private static final String GETENT = Files.isExecutable(Path.of("/usr/bin/getent")) ? "/usr/bin/getent" : "/bin/getent";

    private final Map<String, Answer> cache = new HashMap<>();

    /** What getent said about one name: an account, or why there is none. */
    private record Answer(RunAs account, String problem) {
    }

    /** The account, asked once per distinct name. */
    RunAs resolve(String name) throws ValueException {
        Answer answer = cache.computeIfAbsent(name, UserLookup::lookUp);
        if (answer.account() == null) {
            throw new ValueException(answer.problem());
        }
        return answer.account();
    }

    private static Answer lookUp(String name) {
        try {
            String entry = passwdEntry(name);
            if (entry == null) {
                return new Answer(null, "USER '" + name + "' does not exist");
            }
            String[] fields = entry.split(":", -1); // name:password:uid:gid:gecos:home:shell
            if (fields.length != 7) {
                throw new IOException(GETENT + " printed '" + entry + "'");
            }
            try {
                return new Answer(new RunAs(fields[0], Integer.parseInt(fields[2]), Integer.parseInt(fields[3]),
                        Path.of(fields[5])), null);
            } catch (NumberFormatException | java.nio.file.InvalidPathException e) {
                throw new IOException(GETENT + " printed '" + entry + "'");
            }
        } catch (IOException e) {
            return new Answer(null, "USER '" + name + "' could not be looked up: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(null, "USER '" + name + "' could not be looked up: interrupted");
        }
    }

    /** The account's line of the user database, or null when getent says there is no such user. */
    private static String passwdEntry(String name) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(GETENT, "passwd", "--", name)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (InputStream out = process.getInputStream()) {
            // getent prints one short line, far less than a pipe holds: waiting first cannot deadlock
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException(GETENT + " did not answer within " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() == 2) { // "key not found"
                return null;
            }
            if (process.exitValue() != 0) {
                throw new IOException(GETENT + " exited with status " + process.exitValue());
            }
            return new String(out.readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
        } finally {
            process.destroyForcibly();
        }
    }
}
