package io.sleepingd.benchmarks.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the daemon's output says: its ERROR and WARN lines, the threads that died of an uncaught
 * exception (the JVM prints "Exception in thread ..." for them, outside the log's format), the most
 * frequent of those lines with their numbers blanked out (so that one message repeated thousands of
 * times shows as one line), and when it began to stop: only a SIGTERM, a SIGINT or a stop request
 * make it log "stopping: ...".
 */
record DaemonLog(long errors, long warnings, List<String> threadDeaths, List<Map.Entry<String, Long>> frequent,
        String stoppingAt) {
    private static final Pattern LEVEL = Pattern.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+ (ERROR|WARN) +(.*)$");
    private static final Pattern STOPPING = Pattern.compile("^(\\S+ \\S+) INFO +stopping: .*$");
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    static DaemonLog read(Path file, int top) throws IOException {
        long errors = 0;
        long warnings = 0;
        List<String> deaths = new java.util.ArrayList<>();
        Map<String, Long> counts = new HashMap<>();
        String stoppingAt = "";
        for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
            Matcher stopping = STOPPING.matcher(line);
            if (stopping.matches() && stoppingAt.isEmpty()) {
                stoppingAt = stopping.group(1);
            }
            Matcher matcher = LEVEL.matcher(line);
            if (matcher.matches()) {
                if (matcher.group(1).equals("ERROR")) {
                    errors++;
                } else {
                    warnings++;
                }
                counts.merge(matcher.group(1) + " " + DIGITS.matcher(matcher.group(2)).replaceAll("N"), 1L, Long::sum);
            } else if (line.startsWith("Exception in thread")) {
                deaths.add(line);
                counts.merge(DIGITS.matcher(line).replaceAll("N"), 1L, Long::sum);
            }
        }
        List<Map.Entry<String, Long>> frequent = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(top)
                .toList();
        return new DaemonLog(errors, warnings, List.copyOf(deaths), frequent, stoppingAt);
    }
}
