package io.sleepingd.benchmarks.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The soak's results: {@code key=value} lines from the load driver, then soak.sh's own findings. */
record ResultsFile(Map<String, String> values) {
    static ResultsFile read(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                values.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return new ResultsFile(values);
    }

    String text(String key) {
        return values.getOrDefault(key, "");
    }

    long number(String key) {
        try {
            return Long.parseLong(text(key).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    double decimal(String key) {
        try {
            return Double.parseDouble(text(key).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
