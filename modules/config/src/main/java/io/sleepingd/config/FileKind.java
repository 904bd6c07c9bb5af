package io.sleepingd.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** What a path names, in words for messages ("a directory", "a FIFO"), following symbolic links. */
final class FileKind {
    static final String REGULAR_FILE = "a regular file";
    static final String DIRECTORY = "a directory";

    private static final int TYPE_BITS = 0170000; // S_IFMT of stat(2)

    private FileKind() {
    }

    /** The kind of file at {@code path}, or empty when there is none. Never opens the file. */
    static Optional<String> of(Path path) throws IOException {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(path, "unix:mode");
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(switch (mode & TYPE_BITS) {
            case 0100000 -> REGULAR_FILE;
            case 0040000 -> DIRECTORY;
            case 0020000 -> "a character device";
            case 0060000 -> "a block device";
            case 0010000 -> "a FIFO";
            case 0140000 -> "a socket";
            default -> "a special file";
        });
    }
}
