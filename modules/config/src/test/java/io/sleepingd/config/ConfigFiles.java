package io.sleepingd.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Writes configuration files for a test and loads them the way {@code -f FILE} does. */
final class ConfigFiles {

    private ConfigFiles() {
    }

    static Path write(Path dir, String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Configuration load(Path... files) throws ConfigException {
        return ConfigLoader.load(Arrays.asList(files), true);
    }

    /** The problems of a configuration that must not load. */
    static List<String> problems(Path... files) {
        return assertThrows(ConfigException.class, () -> load(files)).problems();
    }

    static ServiceConfig service(Configuration config, String name) {
        return config.services().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseGet(() -> fail("no service '" + name + "' in " + config.services()));
    }

    static String value(Configuration config, String service, String key) {
        return service(config, service).values().get(key);
    }
}
