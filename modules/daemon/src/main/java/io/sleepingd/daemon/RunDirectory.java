package io.sleepingd.daemon;

import io.sleepingd.spi.TrustedFile;
import io.sleepingd.spi.UntrustedFileException;
import io.sleepingd.spi.RunAs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's private directory (control socket, log of a detached daemon): created mode 0700 and
 * owned by us, never trusted when someone else owns it or it is a symbolic link.
 */
final class RunDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(RunDirectory.class);
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");
    private static final int FILE_TYPE = 0170000;
    private static final int SOCKET = 0140000;

    private RunDirectory() {
    }

    static Path controlSocket(Path directory) {
        return directory.resolve("control.sock");
    }

    private static void checkOwner(Path directory) throws IOException {
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("run directory " + directory + " (VARRUN_PATH) is not a directory");
        }
        int owner = (Integer) Files.getAttribute(directory, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int us = RunAs.currentUid();
        if (owner != us) {
            throw new IOException("run directory " + directory + " (VARRUN_PATH) belongs to uid " + owner
                    + ", not to uid " + us + " running sleepingd");
        }
    }

    /**
     * Root asking a daemon that runs as its own user (the systemd unit's {@code sleepingd}): the run
     * directory belongs to that user, but sits in a folder only root can write to, so root made it for
     * that user ({@code RuntimeDirectory=}) and no one else could have put it there.
     */
    private static boolean madeByRootForAnotherUser(Path directory) throws IOException {
        if (RunAs.currentUid() != 0 || !Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        Path parent = directory.toAbsolutePath().getParent().toRealPath();
        try {
            TrustedFile.check(parent); // root's, and so are its ancestors, none writable by others
        } catch (UntrustedFileException e) {
            return false;
        }
        int mode = (Integer) Files.getAttribute(parent, "unix:mode");
        return (mode & 0022) == 0; // the sticky bit TrustedFile accepts does not do here: anyone may create in /tmp
    }

    /** Held by the running daemon, so that two daemons never share a run directory. */
    static Path lockFile(Path directory) {
        return directory.resolve("lock");
    }

    static Path logFile(Path directory) {
        return directory.resolve("sleepingd.log");
    }

    /**
     * Before trusting a control socket: the directory, if it exists, must be ours and private, or
     * somebody else could be answering in the daemon's name.
     */
    static void checkTrusted(Path directory) throws IOException {
        if (Files.notExists(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!madeByRootForAnotherUser(directory)) {
            checkOwner(directory);
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS);
        if (!PRIVATE.equals(mode)) {
            throw new IOException("run directory " + directory + " (VARRUN_PATH) is mode "
                    + PosixFilePermissions.toString(mode) + ", not rwx------; its control socket is not trusted");
        }
        checkSocket(controlSocket(directory), (Integer) Files.getAttribute(directory, "unix:uid", LinkOption.NOFOLLOW_LINKS));
    }

    /**
     * The control socket itself, when there is one: a socket of the directory's owner, not a link the
     * owner could point at another program's socket (root would then write to it).
     */
    private static void checkSocket(Path socket, int owner) throws IOException {
        if (Files.notExists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Map<String, Object> attributes = Files.readAttributes(socket, "unix:mode,uid", LinkOption.NOFOLLOW_LINKS);
        if (((Integer) attributes.get("mode") & FILE_TYPE) != SOCKET) {
            throw new IOException("control socket " + socket + " is not a socket; it is not trusted");
        }
        if ((Integer) attributes.get("uid") != owner) {
            throw new IOException("control socket " + socket + " belongs to uid " + attributes.get("uid")
                    + ", not to uid " + owner + " who owns its directory; it is not trusted");
        }
    }

    /** Creates the directory or checks the one that exists; the message says what is wrong. */
    static void prepare(Path directory) throws IOException {
        if (Files.notExists(directory, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectories(directory.getParent());
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PRIVATE));
                Files.setPosixFilePermissions(directory, PRIVATE); // the umask may have taken bits away
            } catch (IOException e) {
                // NIO's message is often the bare path ("/nonexistent"): say what, where and why
                throw new IOException("run directory " + directory + " (VARRUN_PATH) cannot be created: "
                        + Daemon.describe(e), e);
            }
            return;
        }
        checkOwner(directory);
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS);
        if (!PRIVATE.equals(mode)) {
            LOG.warn("run directory {} was mode {}; making it private (rwx------)", directory,
                    PosixFilePermissions.toString(mode));
            Files.setPosixFilePermissions(directory, PRIVATE);
        }
    }
}
