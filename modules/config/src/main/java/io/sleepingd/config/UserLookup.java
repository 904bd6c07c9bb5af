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
 * {@code id}, which Java cannot do itself. The original silently ran as root for an unknown user;
 * here that is an error at load time.
 */
final class UserLookup {
    private static final long TIMEOUT_SECONDS = 10;

    // absolute, so that a daemon started as root does not run whatever "id" comes first on PATH
    private static final String ID = Files.isExecutable(Path.of("/usr/bin/id")) ? "/usr/bin/id" : "/bin/id";

    private final Map<String, Answer> cache = new HashMap<>();

    /** What {@code id} said about one name: an account, or why there is none. */
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
            Integer uid = id("-u", name);
            Integer gid = uid == null ? null : id("-g", name);
            if (uid == null || gid == null) {
                return new Answer(null, "USER '" + name + "' does not exist");
            }
            return new Answer(new RunAs(name, uid, gid), null);
        } catch (IOException e) {
            return new Answer(null, "USER '" + name + "' could not be looked up: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(null, "USER '" + name + "' could not be looked up: interrupted");
        }
    }

    /** The number {@code id} prints, or null when it says there is no such user. */
    private static Integer id(String option, String name) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(ID, option, "--", name)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (InputStream out = process.getInputStream()) {
            // id prints one short line, far less than a pipe holds: waiting first cannot deadlock
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException(ID + " did not answer within " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                return null;
            }
            String number = new String(out.readAllBytes(), StandardCharsets.US_ASCII).strip();
            try {
                return Integer.parseInt(number);
            } catch (NumberFormatException e) {
                throw new IOException(ID + " printed '" + number + "'");
            }
        } finally {
            process.destroyForcibly();
        }
    }
}
