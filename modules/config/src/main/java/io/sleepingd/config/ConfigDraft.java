package io.sleepingd.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What all files said, merged in reading order but not yet validated: the general section's
 * assignments and the services in the order first seen.
 */
final class ConfigDraft {
    private final SectionDraft general = new SectionDraft("", null);
    private final Map<String, SectionDraft> services = new LinkedHashMap<>();
    private final List<Path> files = new ArrayList<>();
    private final List<UnknownKey> unknownKeys = new ArrayList<>();

    SectionDraft general() {
        return general;
    }

    /** The service of that name, created at {@code origin} when it is new. */
    SectionDraft service(String name, Origin origin) {
        return services.computeIfAbsent(name, n -> new SectionDraft(n, origin));
    }

    boolean hasService(String name) {
        return services.containsKey(name);
    }

    int serviceCount() {
        return services.size();
    }

    List<SectionDraft> services() {
        return List.copyOf(services.values());
    }

    void fileRead(Path file) {
        files.add(file);
    }

    List<Path> files() {
        return List.copyOf(files);
    }

    void unknownKey(UnknownKey key) {
        unknownKeys.add(key);
    }

    List<UnknownKey> unknownKeys() {
        return List.copyOf(unknownKeys);
    }
}
