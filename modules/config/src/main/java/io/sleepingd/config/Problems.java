package io.sleepingd.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every error and warning of one load, so that the user sees all that is wrong with the
 * configuration at once instead of fixing it one run at a time.
 */
final class Problems {
    private final List<String> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    void error(Origin where, String what) {
        errors.add(where + ": " + what);
    }

    void error(String message) {
        errors.add(message);
    }

    void warning(Origin where, String what) {
        warnings.add(where + ": " + what);
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    List<String> errors() {
        return List.copyOf(errors);
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }
}
