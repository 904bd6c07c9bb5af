package io.sleepingd.config;

import io.sleepingd.spi.TrustedFile;
import io.sleepingd.spi.UntrustedFileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads one configuration file, refusing what someone other than root or the daemon's user could
 * have written ({@link TrustedFile}) and what cannot be one: anything but a regular file (a FIFO
 * blocks for ever, {@code /dev/zero} never ends), more than {@link Limits#CONFIGURATION_BYTES}, and
 * bytes that are not UTF-8.
 */
final class ConfigFileInput {
    private static final String TOO_LARGE = "larger than the " + Limits.CONFIGURATION_BYTES_TEXT
            + " limit for a configuration file";

    private ConfigFileInput() {
    }

    /**
     * The file's bytes, never more than {@link Limits#CONFIGURATION_BYTES} of them.
     *
     * @throws NoSuchFileException when there is no such file
     * @throws ValueException      when it is untrusted, not a regular file or too large; the message has
     *                             no file name
     */
    static byte[] read(Path file) throws IOException, ValueException {
        String kind = FileKind.of(file).orElseThrow(() -> new NoSuchFileException(file.toString()));
        if (!kind.equals(FileKind.REGULAR_FILE)) {
            // checked before opening: opening a FIFO waits until something opens the other end
            throw new ValueException("not a regular file (" + kind + ")");
        }
        try {
            TrustedFile.check(file); // its commands run as the daemon's user, often root
        } catch (UntrustedFileException e) {
            throw new ValueException("refused: " + e.getMessage());
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            // one byte more than allowed tells a file that is too large; the size stat(2) reports is
            // not trusted: the file may grow meanwhile, and /proc's files report 0
            bytes = in.readNBytes(Limits.CONFIGURATION_BYTES + 1);
        }
        if (bytes.length > Limits.CONFIGURATION_BYTES) {
            throw new ValueException(TOO_LARGE);
        }
        return bytes;
    }

    /**
     * The text of {@code bytes}, without the byte order mark some editors write.
     *
     * @throws ValueException with {@code FILE:LINE: ...} naming the first byte that is not UTF-8
     */
    static String utf8(Path file, byte[] bytes) throws ValueException {
        int start = hasByteOrderMark(bytes) ? 3 : 0;
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never has more characters than bytes
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            // the decoder stops at the first bad byte; replacing it would silently change a command line
            throw notUtf8(file, bytes, start, in.position());
        }
        return out.flip().toString();
    }

    private static boolean hasByteOrderMark(byte[] bytes) {
        return bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF;
    }

    /** Lines end as {@link String#lines()} ends them; columns count characters, not bytes. */
    private static ValueException notUtf8(Path file, byte[] bytes, int start, int bad) {
        int line = 1;
        int lineStart = start;
        for (int i = start; i < bad; i++) {
            boolean crlf = bytes[i] == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n';
            if (bytes[i] == '\n' || (bytes[i] == '\r' && !crlf)) {
                line++;
                lineStart = i + 1;
            }
        }
        int column = 1;
        for (int i = lineStart; i < bad; i++) {
            if ((bytes[i] & 0xC0) != 0x80) { // a continuation byte belongs to the character before it
                column++;
            }
        }
        return new ValueException(new Origin(file, line) + ": not UTF-8 text (byte 0x%02X at column %d)"
                .formatted(bytes[bad] & 0xFF, column));
    }
}
