package io.sleepingd.benchmarks.soak;

import java.nio.file.Path;

/**
 * The soak's settings come from environment variables that benchmarks/soak.sh sets, with its
 * defaults applied: one place for the defaults, and a clear message when a class runs without it.
 */
final class Env {
    private Env() {
    }

    static String text(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set (run the soak with benchmarks/soak.sh)");
        }
        return value;
    }

    static int integer(String name) {
        String value = text(name);
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + "=" + value + " is not a whole number", e);
        }
    }

    static long number(String name) {
        String value = text(name);
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + "=" + value + " is not a whole number", e);
        }
    }

    static Path path(String name) {
        return Path.of(text(name));
    }
}
