package io.sleepingd.spi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Whether a file the daemon runs as code (a configuration file, whose commands run as root; a
 * plugin jar) could have been written by someone else. Trusted means: the file, and every directory
 * above it, on the path as written and on the path its symbolic links lead to, belongs to root or to
 * the daemon's user, and none of them is writable by group or others, except a directory with the
 * sticky bit (such as {@code /tmp}), in which others cannot replace what they do not own. The rule
 * is OpenSSH's {@code StrictModes}, with the sticky exception of {@code sudo}.
 */
public final class TrustedFile {
    private static final int GROUP_OR_OTHERS_WRITE = 0022;
    private static final int STICKY = 01000;
    private static final int TYPE_BITS = 0170000;
    private static final int SYMBOLIC_LINK = 0120000;

    private TrustedFile() {
    }

    /**
     * Checks {@code file} as the daemon's user.
     *
     * @throws NoSuchFileException when there is no such file
     * @throws UntrustedFileException saying which path is wrong and why, without {@code file} itself
     *                                in front (the caller names it)
     */
    public static void check(Path file) throws IOException, UntrustedFileException {
        check(file, RunAs.currentUid());
    }

    static void check(Path file, int us) throws IOException, UntrustedFileException {
        Path absolute = file.toAbsolutePath().normalize();
        Path real = absolute.toRealPath(); // NoSuchFileException when it does not exist
        Set<Path> paths = new LinkedHashSet<>();
        addWithAncestors(absolute, paths);
        addWithAncestors(real, paths);
        for (Path path : paths) {
            Map<String, Object> attributes = Files.readAttributes(path, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
            int owner = (Integer) attributes.get("uid");
            int mode = (Integer) attributes.get("mode");
            String which = path.equals(absolute) || path.equals(real) ? "" : "its directory " + path + " ";
            if (owner != 0 && owner != us) {
                throw new UntrustedFileException(which + "belongs to uid " + owner + ", neither root nor the daemon's"
                        + " user (uid " + us + ")");
            }
            boolean link = (mode & TYPE_BITS) == SYMBOLIC_LINK; // a link's own mode is always 777 and means nothing
            if (!link && (mode & GROUP_OR_OTHERS_WRITE) != 0 && (mode & STICKY) == 0) {
                throw new UntrustedFileException(which + "is writable by group or others (mode "
                        + String.format("%04o", mode & 07777) + ")");
            }
        }
    }

    /** The root first: a directory's problem is reported before what lies in it. */
    private static void addWithAncestors(Path path, Set<Path> paths) {
        Path root = path.getRoot();
        Path current = root;
        paths.add(root);
        for (Path name : path) {
            current = current.resolve(name);
            paths.add(current);
        }
    }
}
