package io.sleepingd.config;

import static io.sleepingd.config.ConfigFiles.load;
import static io.sleepingd.config.ConfigFiles.problems;
import static io.sleepingd.config.ConfigFiles.service;
import static io.sleepingd.config.ConfigFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sleepingd.spi.Key;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys for providers and plugins: kept for the provider that reads them, judged by the daemon. */
class ProviderKeysTest {
    @TempDir
    Path dir;

    @Test
    void aKeyTheCoreDoesNotKnowIsKeptInheritedAndListedWithItsLine() throws Exception {
        Path file = write(dir, "sleepingd.conf", """
                DOCKER_COMMAND=podman
                [web]
                PORT=1
                PROVIDER=docker
                DOCKER_CONTAINERS="web1 web2"
                """);
        Configuration config = load(file);

        ServiceConfig web = service(config, "web");
        assertEquals("podman", web.values().get("DOCKER_COMMAND"));
        assertEquals("web1 web2", web.values().get("DOCKER_CONTAINERS"));
        assertEquals("docker", web.provider());
        assertEquals(List.of(new UnknownKey(new Origin(file, 1), "DOCKER_COMMAND"),
                new UnknownKey(new Origin(file, 5), "DOCKER_CONTAINERS")), config.unknownKeys());
        assertEquals(List.of(), config.warnings());
    }

    @Test
    void aProvidersKeyIsParsedToItsTypeOnce() throws Exception {
        Key<Duration> timeout = Key.seconds("DOCKER_TIMEOUT");
        ServiceConfig web = service(load(write(dir, "sleepingd.conf", "[web]\nPORT=1\nDOCKER_TIMEOUT=90\n")), "web");

        assertEquals(Optional.of(Duration.ofSeconds(90)), web.settings(Set.of(timeout)).get(timeout));
    }

    @Test
    void aBadValueOfAProvidersKeyIsReportedAtItsOwnLineEvenWhenInherited() throws Exception {
        Path file = write(dir, "sleepingd.conf", """
                DOCKER_TIMEOUT=1m
                [web]
                PORT=1
                """);
        ServiceConfig web = service(load(file), "web");

        ConfigException e = assertThrows(ConfigException.class,
                () -> web.settings(Set.of(Key.seconds("DOCKER_TIMEOUT"))));
        assertEquals(file + ":1: service 'web': DOCKER_TIMEOUT '1m' is not a whole number of seconds",
                e.getMessage());
    }

    @Test
    void pluginDirIsAnExistingDirectoryGivenInTheGeneralSection() throws Exception {
        Path plugins = Files.createDirectory(dir.resolve("plugins"));

        Configuration config = load(write(dir, "a.conf", "PLUGIN_DIR=" + plugins + "\n[s]\nPORT=1\n"));

        assertEquals(Optional.of(plugins), config.pluginDirectory());
    }

    @Test
    void withoutPluginDirTheDaemonChoosesTheDefault() throws Exception {
        assertEquals(Optional.empty(), load(write(dir, "b.conf", "[s]\nPORT=1\n")).pluginDirectory());
    }

    @Test
    void relativePluginDirIsAnError() {
        Path relative = write(dir, "c.conf", "PLUGIN_DIR=plugins\n[s]\nPORT=1\n");

        assertEquals(List.of(relative + ":1: PLUGIN_DIR 'plugins' is not an absolute path"), problems(relative));
    }

    @Test
    void pluginDirThatDoesNotExistIsAnError() {
        Path missing = dir.resolve("no-plugins");
        Path file = write(dir, "sleepingd.conf", "PLUGIN_DIR=" + missing + "\n[s]\nPORT=1\n");

        assertEquals(List.of(file + ":1: PLUGIN_DIR '" + missing + "' does not exist"), problems(file));
    }

    @Test
    void pluginDirThatIsNotADirectoryIsAnError() {
        Path jar = write(dir, "plugin.jar", "");
        Path file = write(dir, "sleepingd.conf", "PLUGIN_DIR=" + jar + "\n[s]\nPORT=1\n");

        assertEquals(List.of(file + ":1: PLUGIN_DIR '" + jar + "' is not a directory (a regular file)"),
                problems(file));
    }

    @Test
    void idleProbeIsAPerServiceKeyWithoutDefault() throws Exception {
        Configuration config = load(write(dir, "sleepingd.conf", "IDLE_PROBE=ssh-who\n[a]\nPORT=1\n[b]\nPORT=2\nIDLE_PROBE=\n"));
        assertEquals("ssh-who", service(config, "a").values().get("IDLE_PROBE"));
        assertEquals("", service(config, "b").values().get("IDLE_PROBE"));
    }
}
