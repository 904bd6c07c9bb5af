package io.sleepingd.config;

import io.sleepingd.spi.RunAs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the control socket lives when {@code VARRUN_PATH} is not set: a directory only this user
 * can write, unlike the original's world-writable {@code /var/tmp/sleepingd}.
 */
final class RunDirectoryDefault {

    private RunDirectoryDefault() {
    }

    /**
     * The default for this process: systemd's {@code RUNTIME_DIRECTORY}, its uid, {@code XDG_RUNTIME_DIR}
     * and {@code HOME}.
     */
    static Path forThisProcess() {
        // the only environment variables the configuration depends on (see ConfigLoader)
        String home = System.getenv("HOME");
        return choose(System.getenv("RUNTIME_DIRECTORY"), isRoot(), System.getenv("XDG_RUNTIME_DIR"),
                home == null || home.isBlank() ? System.getProperty("user.home") : home);
    }

    /**
     * The directory systemd made for the unit ({@code RuntimeDirectory=}, the first if it made several:
     * the packaged unit runs the daemon as its own user, whose other defaults would be elsewhere);
     * else {@code /run/sleepingd} for root, else under the user's runtime directory, else under home.
     */
    static Path choose(String systemdRuntimeDirectory, boolean root, String xdgRuntimeDir, String home) {
        if (systemdRuntimeDirectory != null && systemdRuntimeDirectory.startsWith("/")) {
            return Path.of(systemdRuntimeDirectory.split(":")[0]);
        }
        if (root) {
            return Path.of("/run/sleepingd");
        }
        if (xdgRuntimeDir != null && !xdgRuntimeDir.isBlank() && Path.of(xdgRuntimeDir).isAbsolute()) {
            return Path.of(xdgRuntimeDir, "sleepingd");
        }
        return Path.of(home, ".sleepingd.run");
    }

    private static boolean isRoot() {
        try {
            return RunAs.currentUid() == 0;
        } catch (IllegalStateException e) {
            return false; // no /proc: not Linux, and the per-user default is the safe one
        }
    }
}
