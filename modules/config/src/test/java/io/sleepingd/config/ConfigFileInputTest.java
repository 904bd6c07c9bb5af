package io.sleepingd.config;

import static io.sleepingd.config.ConfigFiles.load;
import static io.sleepingd.config.ConfigFiles.problems;
import static io.sleepingd.config.ConfigFiles.service;
import static io.sleepingd.config.ConfigFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What is read as a configuration file: a regular file of at most 1 MiB of UTF-8 text, that only root or the daemon's user could have written. */
// On a separate thread: a FIFO or device that is opened after all blocks the test for ever otherwise.
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConfigFileInputTest {
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void aFifoIsRefusedWithoutBeingOpened() throws Exception {
        Path fifo = dir.resolve("fifo.conf");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo");

        assertEquals(List.of(fifo + ": not a regular file (a FIFO)"), problems(fifo));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/dev/zero", "/dev/urandom", "/dev/null"})
    void aCharacterDeviceIsRefused(String device) {
        assertEquals(List.of(device + ": not a regular file (a character device)"), problems(Path.of(device)));
    }

    @Test
    void aDirectoryIsRefused() {
        assertEquals(List.of(dir + ": not a regular file (a directory)"), problems(dir));
    }

    @Test
    void aSymbolicLinkToARegularFileIsRead() throws Exception {
        Path file = write(dir, "real.conf", "[web]\nPORT=8080\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.conf"), file);

        assertEquals(8080, service(load(link), "web").port());
    }

    @Test
    void aFileOfExactlyOneMebibyteIsRead() throws Exception {
        Path file = write(dir, "full.conf", padded("[web]\nPORT=8080\n", MIB));

        assertEquals(8080, service(load(file), "web").port());
    }

    @Test
    void aFileLargerThanOneMebibyteIsRefused() {
        Path file = write(dir, "big.conf", padded("[web]\nPORT=8080\n", MIB + 1));

        assertEquals(List.of(file + ": larger than the 1 MiB limit for a configuration file"), problems(file));
    }

    @Test
    void filesTogetherLargerThanOneMebibyteAreRefusedAtTheFileThatPassesTheLimit() {
        Path first = write(dir, "first.conf", padded("[a]\nPORT=1\n", MIB / 2));
        Path second = write(dir, "second.conf", padded("[b]\nPORT=2\n", MIB / 2 + 1));

        assertEquals(List.of(second + ": together with the files before it, larger than the 1 MiB limit for a "
                + "configuration"), problems(first, second));
    }

    @Test
    void textThatIsNotUtf8IsReportedWithItsLineColumnAndByte() throws Exception {
        Path file = bytes("latin1.conf", "[web]\nPORT=8080\nSTART_CMD=caf", 0xE9, "\n");

        assertEquals(List.of(file + ":3: not UTF-8 text (byte 0xE9 at column 14)"), problems(file));
    }

    @Test
    void theColumnCountsCharactersNotBytes() throws Exception {
        Path file = bytes("accents.conf", "# déjà ", 0xFF, "\n");

        assertEquals(List.of(file + ":1: not UTF-8 text (byte 0xFF at column 8)"), problems(file));
    }

    @Test
    void windowsLineEndsCountAsOneLineEach() throws Exception {
        Path file = bytes("crlf.conf", "# one\r\n# two\r\n", 0xC3, "(\r\n");

        assertEquals(List.of(file + ":3: not UTF-8 text (byte 0xC3 at column 1)"), problems(file));
    }

    @Test
    void aByteOrderMarkIsSkippedAndIsNoColumn() throws Exception {
        Path withMark = bytes("bom.conf", "\uFEFF[web]\nPORT=8080\n");
        Path badAfterMark = bytes("bad-bom.conf", "\uFEFF#", 0x80, "\n");

        assertEquals(8080, service(load(withMark), "web").port());
        assertEquals(List.of(badAfterMark + ":1: not UTF-8 text (byte 0x80 at column 2)"), problems(badAfterMark));
    }

    /** {@code text} followed by a comment line that makes the file exactly {@code size} bytes long. */
    private static String padded(String text, int size) {
        return text + "#" + "x".repeat(size - text.length() - 2) + "\n";
    }

    /** A file of UTF-8 strings and single raw bytes (Integers), in order. */
    private Path bytes(String name, Object... parts) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof Integer b) {
                out.write(b);
            } else {
                out.writeBytes(((String) part).getBytes(StandardCharsets.UTF_8));
            }
        }
        return Files.write(dir.resolve(name), out.toByteArray());
    }

    @Test
    void theLoaderRefusesAnUntrustedFileNamingIt() throws Exception {
        Path file = write(dir, "sleepingd.conf", "[web]\nPORT=1\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));

        assertEquals(List.of(file + ": refused: is writable by group or others (mode 0666)"), problems(file));
    }
}
