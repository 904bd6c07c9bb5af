package io.sleepingd.spi;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file the daemon runs as code or trusts (a configuration file, a plugin jar, a provider's
 * credentials), often as root: it, and every directory above it, must belong to root or the daemon's
 * user and be writable by nobody else. The tests run as root
 * (in CI) and make files of uid 65534 with {@code chown}; the rule is checked for this process's uid.
 */
class TrustedFileTest {
    private static final int NOBODY = 65534;

    @TempDir
    Path dir;

    private static String refusal(Path file, int us) {
        return assertThrows(UntrustedFileException.class, () -> TrustedFile.check(file, us)).getMessage();
    }

    private static Path write(Path directory, String name, String text) {
        try {
            return Files.writeString(directory.resolve(name), text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void chown(Path path, int uid) throws IOException {
        Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void aFileOfRootInPrivateDirectoriesUnderTheStickyTmpIsTrusted() {
        Path file = write(dir, "sleepingd.conf", "[web]\nPORT=1\n");

        assertDoesNotThrow(() -> TrustedFile.check(file, 0));
    }

    @Test
    void aFileOfAnotherUserIsRefused() throws Exception {
        Path file = write(dir, "sleepingd.conf", "[web]\nPORT=1\n");
        chown(file, NOBODY);

        assertEquals("belongs to uid 65534, neither root nor the daemon's user (uid 0)", refusal(file, 0));
    }

    @Test
    void theDaemonsOwnUserMayOwnIt() throws Exception {
        Path file = write(dir, "sleepingd.conf", "[web]\nPORT=1\n");
        chown(file, NOBODY);

        assertDoesNotThrow(() -> TrustedFile.check(file, NOBODY));
    }

    @Test
    void aFileOthersMayWriteIsRefused() throws Exception {
        Path file = write(dir, "sleepingd.conf", "[web]\nPORT=1\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));

        assertEquals("is writable by group or others (mode 0666)", refusal(file, 0));
    }

    @Test
    void aFileInADirectoryOthersMayWriteIsRefusedNamingTheDirectory() throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"));
        Path file = write(open, "sleepingd.conf", "[web]\nPORT=1\n");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxr-x"));

        assertEquals("its directory " + open + " is writable by group or others (mode 0775)", refusal(file, 0));
    }

    @Test
    void aSymbolicLinkIsFollowedAndWhereItLeadsIsCheckedToo() throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"));
        Path target = write(open, "real.conf", "[web]\nPORT=1\n");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path link = Files.createSymbolicLink(dir.resolve("sleepingd.conf"), target);

        assertEquals("its directory " + open + " is writable by group or others (mode 0777)", refusal(link, 0));
    }

    @Test
    void aSymbolicLinkOfAnotherUserIsRefused() throws Exception {
        Path target = write(dir, "real.conf", "[web]\nPORT=1\n");
        Path link = Files.createSymbolicLink(dir.resolve("sleepingd.conf"), target);
        chown(link, NOBODY);

        assertEquals("belongs to uid 65534, neither root nor the daemon's user (uid 0)", refusal(link, 0));
    }
}
