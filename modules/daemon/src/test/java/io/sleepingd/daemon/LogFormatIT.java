package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's log lines as the platform reads them: syslog priorities under systemd's journal,
 * timestamps with their zone elsewhere, JSON objects with {@code LOG_FORMAT=json}. Each daemon logs a
 * warning (a key nothing reads, with {@code UNKNOWN_KEYS=warn}) and its INFO lines.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LogFormatIT {
    @TempDir
    Path dir;

    private String configuration(String general) throws Exception {
        return general + "UNKNOWN_KEYS=warn\n[web]\nBIND=127.0.0.1\nPORT=" + DaemonHarness.freePort()
                + "\nOLD_KEY=x\n";
    }

    private static List<String> lines(DaemonHarness daemon) throws Exception {
        return daemon.log().lines().filter(line -> !line.isBlank()).toList();
    }

    /** {@code JOURNAL_STREAM} as systemd sets it: the device and inode of the stream standard error is (here, the log). */
    private static String journalStream(DaemonHarness daemon) throws Exception {
        Files.createFile(daemon.log); // the daemon's standard error, kept (not replaced) when it starts
        return "JOURNAL_STREAM=" + Files.getAttribute(daemon.log, "unix:dev") + ":" + Files.getAttribute(daemon.log, "unix:ino");
    }

    @Test
    void underSystemdsJournalEveryLineStartsWithItsSyslogPriorityAndNoTimestamp() throws Exception {
        DaemonHarness harness = DaemonHarness.with(dir, configuration(""));
        try (DaemonHarness daemon = harness.startForegroundThrough(List.of("env", journalStream(harness)), List.of())) {
            List<String> lines = lines(daemon);

            assertAll(
                    () -> assertTrue(lines.stream().allMatch(line -> line.matches("<[3467]>\\D.*")), String.join("\n", lines)),
                    () -> assertTrue(lines.stream().anyMatch(line -> line.startsWith("<4>") && line.contains("unknown key OLD_KEY")),
                            "the warning is priority 4: " + lines),
                    () -> assertTrue(lines.stream().anyMatch(line -> line.startsWith("<6>") && line.contains(" running ")),
                            "an INFO line is priority 6: " + lines));
        }
    }

    @Test
    void withJournalStreamNamingAnotherStreamEveryLineStartsWithATimestampWithItsZone() throws Exception {
        // inherited from a unit by a daemon whose standard error went elsewhere (sleepingd start's log file)
        try (DaemonHarness daemon = DaemonHarness.with(dir, configuration(""))
                .startForegroundThrough(List.of("env", "JOURNAL_STREAM=8:4242"), List.of())) {
            List<String> lines = lines(daemon);

            assertTrue(lines.stream().allMatch(line -> line.matches(
                    "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) (INFO|WARN|ERROR|DEBUG) .*")),
                    String.join("\n", lines));
        }
    }

    @Test
    void withLogFormatJsonEveryLineOnceTheConfigurationIsReadIsAJsonObject() throws Exception {
        try (DaemonHarness daemon = DaemonHarness.with(dir, configuration("LOG_FORMAT=json\n")).startForeground()) {
            List<String> lines = lines(daemon);
            List<String> fromJson = lines.subList(lines.indexOf(lines.stream().filter(line -> line.startsWith("{"))
                    .findFirst().orElseThrow(() -> new AssertionError("no JSON line: " + lines))), lines.size());

            assertAll(
                    () -> assertTrue(fromJson.stream().allMatch(line -> line.startsWith("{") && line.endsWith("}")),
                            String.join("\n", lines)),
                    () -> assertTrue(fromJson.stream().anyMatch(line -> line.contains("\"level\":\"INFO\"")
                            && line.contains("\"formattedMessage\":\"sleepingd ") && line.contains(" running 1 service(s)")),
                            "the message as written, its values in it: " + String.join("\n", fromJson)),
                    () -> assertFalse(fromJson.stream().anyMatch(line -> line.contains("\n")), "one object per line"));
        }
    }
}
