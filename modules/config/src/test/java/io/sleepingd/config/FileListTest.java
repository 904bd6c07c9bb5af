package io.sleepingd.config;

import static io.sleepingd.config.ConfigFiles.load;
import static io.sleepingd.config.ConfigFiles.problems;
import static io.sleepingd.config.ConfigFiles.value;
import static io.sleepingd.config.ConfigFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files are read, in which order, and what happens when they are missing. */
class FileListTest {
    @TempDir
    Path dir;

    @Test
    void defaultFilesAreTheOriginalsInTheOriginalsOrder() {
        assertEquals(List.of(
                Path.of("/etc/default/sleepingd.conf"),
                Path.of("/etc/sleepingd/sleepingd.conf"),
                Path.of("/etc/sleepingd.conf"),
                Path.of("/home/ann/.sleepingd"),
                Path.of("/srv/app/etc/sleepingd.conf"),
                Path.of("/srv/app/etc/sleepingd/sleepingd.conf")),
                ConfigLoader.defaultFiles(Path.of("/home/ann"), Path.of("/srv/app"), 1000));
    }

    @Test
    void rootNeverReadsTheCurrentDirectorysFiles() {
        assertEquals(List.of(
                Path.of("/etc/default/sleepingd.conf"),
                Path.of("/etc/sleepingd/sleepingd.conf"),
                Path.of("/etc/sleepingd.conf"),
                Path.of("/root/.sleepingd")),
                ConfigLoader.defaultFiles(Path.of("/root"), Path.of("/srv/app"), 0));
    }

    @Test
    void missingDefaultFilesAreSkipped() throws Exception {
        Path missing = dir.resolve("missing.conf");
        Path present = write(dir, "present.conf", "[web]\nPORT=8080\n");

        Configuration config = ConfigLoader.load(List.of(missing, present), false);

        assertEquals(List.of(present), config.files());
        assertEquals(8080, config.services().getFirst().port());
    }

    @Test
    void noDefaultFileAtAllIsAnError() {
        Path a = dir.resolve("a.conf");
        Path b = dir.resolve("b.conf");

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(List.of(a, b), false));

        assertEquals(List.of("no configuration file found (looked in: " + a + ", " + b + ")"), e.problems());
    }

    @Test
    void missingExplicitFileIsAnError() {
        Path missing = dir.resolve("missing.conf");

        assertEquals(List.of(missing + ": no such file"), problems(missing));
    }

    @Test
    void laterFileOverridesEarlierAndAddsServices() throws Exception {
        Path first = write(dir, "first.conf", """
                [web]
                PORT=8080
                START_CMD=first
                STOP_CMD=stop-web
                """);
        Path second = write(dir, "second.conf", """
                [web]
                START_CMD=second
                [ssh]
                PORT=2222
                """);

        Configuration config = load(first, second);

        assertEquals("second", value(config, "web", "START_CMD"));
        assertEquals("stop-web", value(config, "web", "STOP_CMD"));
        assertEquals(List.of("web", "ssh"), config.services().stream().map(ServiceConfig::name).toList());
        assertEquals(List.of(first, second), config.files());
    }

    @Test
    void laterGeneralSectionOverridesEarlierGeneralSection() throws Exception {
        Path first = write(dir, "first.conf", "EXEC_CMD_TIMEOUT=5\n[web]\nPORT=8080\n");
        Path second = write(dir, "second.conf", "EXEC_CMD_TIMEOUT=7\n");

        assertEquals("7", value(load(first, second), "web", "EXEC_CMD_TIMEOUT"));
    }

    @Test
    void laterFileCanRepairABadValue() throws Exception {
        Path first = write(dir, "first.conf", "[web]\nPORT=eighty\n");
        Path second = write(dir, "second.conf", "[web]\nPORT=80\n");

        assertEquals(80, ConfigFiles.service(load(first, second), "web").port());
    }
}
