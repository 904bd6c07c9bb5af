package io.sleepingd.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code [section]} as read so far, across all files, before defaults and validation: the last
 * assignment of each key wins, the origin stays that of the first header.
 */
final class SectionDraft {
    private final String name;
    private final Origin origin;
    private final Map<String, Assignment> assignments = new LinkedHashMap<>();

    SectionDraft(String name, Origin origin) {
        this.name = name;
        this.origin = origin;
    }

    String name() {
        return name;
    }

    Origin origin() {
        return origin;
    }

    Map<String, Assignment> assignments() {
        return assignments;
    }

    void assign(Assignment assignment) {
        // remove first so that iteration order follows the assignment that counts
        assignments.remove(assignment.key());
        assignments.put(assignment.key(), assignment);
    }
}
