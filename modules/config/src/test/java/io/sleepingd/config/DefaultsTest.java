package io.sleepingd.config;

import static io.sleepingd.config.ConfigFiles.load;
import static io.sleepingd.config.ConfigFiles.service;
import static io.sleepingd.config.ConfigFiles.write;
import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sleepingd.spi.Key;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a service gets for every key it does not set, and that the environment plays no part. */
class DefaultsTest {
    @TempDir
    Path dir;

    @Test
    void everyKeyHasItsDefaultValue() throws Exception {
        Configuration config = load(write(dir, "sleepingd.conf", "[s]\nPORT=1\n"));

        assertEquals(Map.ofEntries(
                entry("ACTIVE", "yes"),
                entry("PORT", "1"),
                entry("CHECK_CMD", "false"),
                entry("START_CMD", "false"),
                entry("STOP_CMD", "false"),
                entry("IDLE_CMD", ""),
                entry("EXEC_CMD_TIMEOUT", ""),
                entry("START_CMD_TIMEOUT", ""),
                entry("STOP_CMD_TIMEOUT", ""),
                entry("CHECK_CMD_TIMEOUT", ""),
                entry("IDLE_CMD_TIMEOUT", ""),
                entry("IDLE_TIME", ""),
                entry("IDLE_CHECK_INTERVAL", ""),
                entry("USER", ""),
                entry("BIND", ""),
                entry("WAKE_TIMEOUT", "60"),
                entry("PROVIDER", "shell"),
                entry("IDLE_PROBE", ""),
                entry("ON_EVENT_CMD", ""),
                entry("ON_EVENT_URL", ""),
                entry("WAKE_FROM", ""),
                entry("NO_WAKE_FROM", ""),
                entry("KEEP_AWAKE_FROM", ""),
                entry("WAKE_RATE", ""),
                entry("PROTOCOL", "tcp"),
                entry("HOLD_REPLY_AFTER", ""),
                entry("ON_START_IF_RUNNING", "adopt")), service(config, "s").values());
        assertEquals(RunDirectoryDefault.forThisProcess(), config.runDirectory());
        assertEquals(Duration.ofSeconds(10), config.shutdownGrace());
    }

    @Test
    void typedSettingsHaveTheirDefaults() throws Exception {
        Configuration config = load(write(dir, "sleepingd.conf", "[s]\nPORT=1\n"));
        ServiceConfig s = service(config, "s");

        assertTrue(s.active());
        assertEquals(List.of(), s.bind());
        assertEquals(Duration.ofSeconds(60), s.wakeTimeout());
        assertEquals(Duration.ZERO, s.idleTime());
        assertEquals(Duration.ZERO, s.idleCheckInterval());
        assertEquals("shell", s.provider());
        assertEquals(Optional.empty(), s.runAs());
        assertEquals(Duration.ofSeconds(10), config.shutdownGrace());
        assertEquals(List.of(), config.warnings());
    }

    @Test
    void blankProviderMeansShell() throws Exception {
        Configuration config = load(write(dir, "sleepingd.conf", "[s]\nPORT=1\nPROVIDER=\n"));

        assertEquals("shell", service(config, "s").provider());
    }

    @Test
    void explicitlyBlankCommandStaysBlank() throws Exception {
        Configuration config = load(write(dir, "sleepingd.conf", "[s]\nPORT=1\nSTART_CMD=\n"));

        assertEquals("", service(config, "s").values().get("START_CMD"));
    }

    @Test
    void settingsForProvidersCarryTheSameValues() throws Exception {
        ServiceConfig s = service(load(write(dir, "sleepingd.conf", "[s]\nPORT=1\nSTART_CMD=go\n")), "s");

        assertEquals(Optional.of("go"), s.settings(List.of()).get(Key.START_CMD));
        assertEquals(1, s.settings(List.of()).port());
    }

    @Test
    void commandsComeFromTheFileOrTheDefaultNeverFromTheEnvironment() throws Exception {
        // We cannot set environment variables inside this JVM, so this only shows that a service
        // without START_CMD gets the default "false" in a normally started test run, whatever the
        // environment holds. The real guard is the next test: no code reads other variables.
        Configuration config = load(write(dir, "sleepingd.conf", "[s]\nPORT=1\n"));

        assertEquals("false", service(config, "s").values().get("START_CMD"));
        assertEquals(1, service(config, "s").port());
    }

    @Test
    void onlyTheRunDirectoryDefaultReadsTheEnvironment() throws IOException {
        // the original let PORT, START_CMD, ... in the environment leak into the configuration
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            List<String> readers = sources.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> read(p).contains("getenv"))
                    .map(p -> p.getFileName().toString())
                    .toList();
            assertEquals(List.of("RunDirectoryDefault.java"), readers);
        }
        String runDirectoryDefault = read(Path.of("src/main/java/io/sleepingd/config/RunDirectoryDefault.java"));
        assertEquals(List.of("getenv(\"HOME\")", "getenv(\"RUNTIME_DIRECTORY\")", "getenv(\"XDG_RUNTIME_DIR\")"),
                Pattern.compile("getenv\\([^)]*\\)").matcher(runDirectoryDefault).results()
                        .map(MatchResult::group).toList());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
