package io.sleepingd.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every error and warning of one load, so that the user sees all that is wrong with the
 * configuration at once instead of fixing it one run at a time. Past {@link Limits#LISTED_PROBLEMS}
 * of a kind they are only counted: a file of garbage would otherwise give one message per line.
 */
final class Problems {
    private final Kind errors = new Kind("problems");
    private final Kind warnings = new Kind("warnings");

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
        return errors.count() > 0;
    }

    ConfigException asException() {
        return asException(null);
    }

    /** With what could be read despite the errors: see {@link ConfigException#remainder}. */
    ConfigException asException(Configuration remainder) {
        return new ConfigException(errors.list(), errors.count(), remainder);
    }

    List<String> warnings() {
        return warnings.list();
    }

    /** The messages of one kind: the first ones listed, the rest counted. */
    private static final class Kind {
        private final String plural;
        private final List<String> listed = new ArrayList<>();
        private long unlisted;

        Kind(String plural) {
            this.plural = plural;
        }

        void add(String message) {
            if (listed.size() < Limits.LISTED_PROBLEMS) {
                listed.add(message);
            } else {
                unlisted++;
            }
        }

        long count() {
            return listed.size() + unlisted;
        }

        List<String> list() {
            if (unlisted == 0) {
                return List.copyOf(listed);
            }
            List<String> all = new ArrayList<>(listed);
            all.add("... and " + unlisted + " more " + plural + " not listed");
            return List.copyOf(all);
        }
    }
}
