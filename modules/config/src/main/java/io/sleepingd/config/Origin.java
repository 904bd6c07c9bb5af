package io.sleepingd.config;

import java.nio.file.Path;

/** Where something was written: a file and a 1-based line, printed as {@code FILE:LINE}. */
public record Origin(Path file, int line) {
    @Override
    public String toString() {
        return file + ":" + line;
    }
}
