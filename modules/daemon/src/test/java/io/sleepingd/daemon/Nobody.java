package io.sleepingd.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Running the daemon as the user {@code nobody}, as an unprivileged daemon runs (the tests run as
 * root): the command line's prefix, and a test folder that nobody may read with a run directory
 * that is nobody's.
 */
final class Nobody {
    static final int UID = 65534;

    private Nobody() {
    }

    /** {@code setpriv} to nobody, with these extra options (capabilities), before the command. */
    static List<String> setpriv(String... options) {
        List<String> line = new ArrayList<>(List.of("setpriv", "--reuid=" + UID, "--regid=" + UID, "--clear-groups"));
        line.addAll(List.of(options));
        line.add("--");
        return line;
    }

    /** Makes {@code dir} readable by nobody and creates {@code dir/run} as nobody's private run directory. */
    static Path prepare(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path run = Files.createDirectory(dir.resolve("run"));
        Files.setAttribute(run, "unix:uid", UID);
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwx------"));
        return run;
    }
}
