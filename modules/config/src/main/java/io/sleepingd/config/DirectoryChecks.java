package io.sleepingd.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Checks the directories a configuration names against the file system as it is when the
 * configuration is read, so that {@code check-config} finds what the daemon would trip over.
 */
final class DirectoryChecks {
    /** Where the kernel shows its own state as files: nothing of the daemon's can live there. */
    private static final List<Path> KERNEL_FILE_SYSTEMS = List.of(Path.of("/proc"), Path.of("/sys"), Path.of("/dev"));

    private DirectoryChecks() {
    }

    /**
     * {@code VARRUN_PATH}: it may not exist yet (the daemon creates it), but when it does it must be a
     * directory, and it may not lie under /proc, /sys or /dev, symbolic links followed.
     */
    static void runDirectory(Path path) throws ValueException {
        Optional<String> kind = kind(Keys.VARRUN_PATH, path);
        if (kind.isPresent() && !kind.get().equals(FileKind.DIRECTORY)) {
            throw new ValueException(Keys.VARRUN_PATH + " '" + path + "' is not a directory (" + kind.get() + ")");
        }
        Path real = realPath(Keys.VARRUN_PATH, path);
        for (Path kernel : KERNEL_FILE_SYSTEMS) {
            if (real.startsWith(kernel)) {
                throw new ValueException(Keys.VARRUN_PATH + " '" + path + "' lies on a kernel file system (" + kernel + ")");
            }
        }
    }

    /**
     * {@code PLUGIN_DIR} as set in the configuration: an existing directory. (The default one may be
     * missing: an installation without plugins.)
     */
    static void pluginDirectory(Path path) throws ValueException {
        Optional<String> kind = kind(Keys.PLUGIN_DIR, path);
        if (kind.isEmpty()) {
            throw new ValueException(Keys.PLUGIN_DIR + " '" + path + "' does not exist");
        }
        if (!kind.get().equals(FileKind.DIRECTORY)) {
            throw new ValueException(Keys.PLUGIN_DIR + " '" + path + "' is not a directory (" + kind.get() + ")");
        }
    }

    private static Optional<String> kind(String key, Path path) throws ValueException {
        try {
            return FileKind.of(path);
        } catch (IOException e) {
            throw cannotCheck(key, path, e);
        }
    }

    /** The path with every symbolic link resolved, as far as it exists; the rest as written. */
    private static Path realPath(String key, Path path) throws ValueException {
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return path.normalize();
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(path)).normalize();
        } catch (IOException e) {
            throw cannotCheck(key, path, e);
        }
    }

    private static ValueException cannotCheck(String key, Path path, IOException e) {
        return new ValueException(key + " '" + path + "' cannot be checked: " + e.getMessage());
    }
}
