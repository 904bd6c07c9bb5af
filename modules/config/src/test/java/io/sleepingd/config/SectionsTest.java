package io.sleepingd.config;

import static io.sleepingd.config.ConfigFiles.load;
import static io.sleepingd.config.ConfigFiles.problems;
import static io.sleepingd.config.ConfigFiles.service;
import static io.sleepingd.config.ConfigFiles.value;
import static io.sleepingd.config.ConfigFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The general section, {@code [service]} sections, and how they merge. */
class SectionsTest {
    @TempDir
    Path dir;

    @Test
    void generalSectionIsInheritedByEveryService() throws Exception {
        Path file = write(dir, "sleepingd.conf", """
                STOP_CMD=stop-all
                [web]
                PORT=8080
                [ssh]
                PORT=2222
                """);

        Configuration config = load(file);

        assertEquals("stop-all", value(config, "web", "STOP_CMD"));
        assertEquals("stop-all", value(config, "ssh", "STOP_CMD"));
    }

    @Test
    void serviceOverridesTheGeneralSection() throws Exception {
        Path file = write(dir, "sleepingd.conf", """
                STOP_CMD=stop-all
                [web]
                PORT=8080
                STOP_CMD=stop-web
                [ssh]
                PORT=2222
                """);

        Configuration config = load(file);

        assertEquals("stop-web", value(config, "web", "STOP_CMD"));
        assertEquals("stop-all", value(config, "ssh", "STOP_CMD"));
    }

    @Test
    void generalSectionNeverBecomesAService() throws Exception {
        Path file = write(dir, "sleepingd.conf", "PORT=8080\nSTART_CMD=start\n");

        assertEquals(List.of(), load(file).services());
    }

    @Test
    void generalPortIsInheritedLikeAnyOtherKey() throws Exception {
        Path file = write(dir, "sleepingd.conf", "PORT=8080\n[web]\n");

        assertEquals(8080, service(load(file), "web").port());
    }

    @Test
    void sectionNameMayContainSpacesAndCommasAndIsTrimmed() throws Exception {
        Path file = write(dir, "sleepingd.conf", "[  Simple web server, for testing  ]\nPORT=10080\n");

        assertEquals("Simple web server, for testing", load(file).services().getFirst().name());
    }

    @Test
    void quotesInASectionNameAreJustCharacters() throws Exception {
        Path file = write(dir, "sleepingd.conf", "[Ann's \"web\"]\nPORT=8080\n");

        assertEquals("Ann's \"web\"", load(file).services().getFirst().name());
    }

    @Test
    void servicesAreListedInTheOrderFirstSeen() throws Exception {
        Path file = write(dir, "sleepingd.conf", """
                [b]
                PORT=2
                [a]
                PORT=1
                [b]
                START_CMD=again
                """);

        assertEquals(List.of("b", "a"), load(file).services().stream().map(ServiceConfig::name).toList());
    }

    @Test
    void repeatedSectionMergesAndKeepsTheFirstHeaderAsOrigin() throws Exception {
        Path file = write(dir, "sleepingd.conf", """
                [web]
                PORT=8080
                START_CMD=first
                [other]
                PORT=9090
                [web]
                START_CMD=second
                """);

        ServiceConfig web = service(load(file), "web");

        assertEquals(new Origin(file, 1), web.origin());
        assertEquals("second", web.values().get("START_CMD"));
        assertEquals(8080, web.port());
    }

    @Test
    void emptySectionNameIsAnError() {
        Path file = write(dir, "sleepingd.conf", "PORT=1\n[   ]\n");

        assertEquals(List.of(file + ":2: empty section name"), problems(file));
    }

    @Test
    void sectionHeaderWithoutClosingBracketIsMalformed() {
        Path file = write(dir, "sleepingd.conf", "# web\n\n[web\nPORT=8080\n");

        assertEquals(List.of(file + ":3: malformed line: [web"), problems(file));
    }

    @Test
    void textAfterTheClosingBracketIsMalformed() {
        Path file = write(dir, "sleepingd.conf", "[web] # comment\nPORT=8080\n");

        assertEquals(List.of(file + ":1: malformed line: [web] # comment"), problems(file));
    }

    @Test
    void serviceWithoutPortIsSkippedWithAWarning() throws Exception {
        Path file = write(dir, "sleepingd.conf", "[web]\nPORT=8080\n[no port]\nSTART_CMD=x\n");

        Configuration config = load(file);

        assertEquals(List.of("web"), config.services().stream().map(ServiceConfig::name).toList());
        assertEquals(List.of(file + ":3: service 'no port' has no PORT, skipped"), config.warnings());
    }

    @Test
    void blankPortCountsAsNoPort() throws Exception {
        Path file = write(dir, "sleepingd.conf", "PORT=80\n[web]\nPORT=\n");

        Configuration config = load(file);

        assertTrue(config.services().isEmpty());
        assertEquals(List.of(file + ":2: service 'web' has no PORT, skipped"), config.warnings());
    }
}
