package io.sleepingd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.ini4j.spi.IniHandler;
import org.ini4j.spi.IniParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The property that lets ini4j and {@link LogicalLines} share the reading of a file: on thousands of
 * random files ({@link RandomConfigFile}) ini4j reports exactly the entries LogicalLines lists, in
 * the same order, each one the same section or key, and the lines LogicalLines gives are where the
 * entries are written. Then the whole reader gets every section, key and value right.
 *
 * <p>The fixed seeds always run; one more seed is new on every run. A failure names its seed: add it
 * to {@link #FIXED_SEEDS} to replay it, and keep the smallest file it found as an example test.
 */
class LogicalLinesAgreeWithIni4jTest {
    private static final long[] FIXED_SEEDS = {1, 2, 3, 42, 1_000_003, 0x5eed_c0ffeeL, -7};
    private static final int FILES_PER_SEED = 1000;
    private static final int MAX_ELEMENTS = 40;
    private static final Path FILE = Path.of("random.conf");
    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(.*)", Pattern.DOTALL);

    static LongStream seeds() {
        return LongStream.concat(LongStream.of(FIXED_SEEDS), LongStream.of(new SecureRandom().nextLong()));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void ini4jAndLogicalLinesSeeTheSameEntriesOnTheSameLines(long seed) throws Exception {
        Random random = new Random(seed);
        for (int i = 0; i < FILES_PER_SEED; i++) {
            RandomConfigFile file = RandomConfigFile.generate(random, MAX_ELEMENTS);
            try {
                checkAgreement(file);
                checkReading(file);
            } catch (AssertionError | ValueException e) {
                fail("seed " + seed + ", file " + i + ": " + e.getMessage() + "\n" + shown(file.text()), e);
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aBadLineIsReportedAtItsOwnLine(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < FILES_PER_SEED; i++) {
            RandomConfigFile.BadLine bad = RandomConfigFile.randomBadLine(random);
            RandomConfigFile file = RandomConfigFile.withBadLine(random, MAX_ELEMENTS, bad);
            Problems problems = new Problems();
            ConfigDraft draft = new ConfigDraft();
            boolean finished = ConfigFileReader.read(FILE, file.text(), draft, problems);
            try {
                assertTrue(finished, "no limit was reached");
                List<String> errors = problems.asException().problems();
                assertEquals(1, errors.size(), () -> "one error for '" + bad.text() + "': " + errors);
                assertTrue(errors.getFirst().startsWith(new Origin(FILE, file.badLine()) + ": "),
                        () -> "reported at line " + file.badLine() + ": " + errors.getFirst());
                int readUpTo = bad.stopsReading() ? file.badLine() : Integer.MAX_VALUE;
                assertEquals(file.entries().stream().filter(e -> e.isSection() && e.name() != null && e.line() < readUpTo)
                        .map(RandomConfigFile.Expected::name).distinct().count(), draft.serviceCount(),
                        bad.stopsReading() ? "only the sections before it" : "the sections after it too");
            } catch (AssertionError e) {
                fail("seed " + seed + ", file " + i + ": " + e.getMessage() + "\n" + shown(file.text()), e);
            }
        }
    }

    /** ini4j, run over LogicalLines' text, against LogicalLines' own entries and the file. */
    private static void checkAgreement(RandomConfigFile file) throws ValueException, IOException {
        LogicalLines lines = LogicalLines.of(FILE, file.text());
        List<String> physical = file.text().lines().toList();
        assertEquals(physical.size(), lines.iniText().lines().count(), "ini4j's text has the file's line count");

        List<Ini4jEntry> ini = new ArrayList<>();
        IniParser.newInstance(ConfigFileReader.iniConfig()).parse(new StringReader(lines.iniText()), recorder(ini));
        List<RandomConfigFile.Expected> expected = file.entries();
        assertEquals(expected.size(), lines.entries().size(), "entries LogicalLines lists");
        assertEquals(expected.size(), ini.size(), "entries ini4j reports");

        for (int i = 0; i < expected.size(); i++) {
            RandomConfigFile.Expected want = expected.get(i);
            LogicalLines.Entry entry = lines.entries().get(i);
            Ini4jEntry seen = ini.get(i);
            String where = "entry " + i + " (line " + want.line() + ")";
            assertEquals(want.line(), entry.line(), where + ": LogicalLines' line");
            String firstPhysical = entry.text().split(String.valueOf(LogicalLines.NEWLINE), -1)[0];
            assertEquals(physical.get(entry.line() - 1).trim(), firstPhysical.trim(), where + ": the line it points at");
            if (want.isSection()) {
                assertEquals(new Ini4jEntry(want.name(), null, true), seen, where + ": ini4j's section");
                assertEquals(want.name(), entry.text().substring(1, entry.text().length() - 1).trim(), where);
            } else {
                Matcher m = ASSIGNMENT.matcher(entry.text());
                assertTrue(m.matches(), where + ": LogicalLines' text is KEY=value: " + entry.text());
                assertEquals(want.key(), m.group(1), where + ": LogicalLines' key");
                assertEquals(new Ini4jEntry(want.key(), m.group(2).trim(), false), seen,
                        where + ": ini4j's key and value");
                assertEquals(want.value(), ValueSyntax.literal(m.group(2)), where + ": the value unquoted");
            }
        }
    }

    /** The whole reader: sections in order, the last value of each key, the line it was written on. */
    private static void checkReading(RandomConfigFile file) {
        ConfigDraft draft = new ConfigDraft();
        Problems problems = new Problems();
        assertTrue(ConfigFileReader.read(FILE, file.text(), draft, problems), "no limit was reached");
        assertEquals(List.of(), problems.hasErrors() ? problems.asException().problems() : List.of(), "errors");
        assertEquals(List.of(), problems.warnings(), "warnings");

        Map<String, Map<String, Assignment>> expected = new LinkedHashMap<>();
        Map<String, Integer> headers = new LinkedHashMap<>();
        String section = "";
        expected.put(section, new LinkedHashMap<>());
        for (RandomConfigFile.Expected entry : file.entries()) {
            if (entry.isSection()) {
                section = entry.name();
                headers.putIfAbsent(section, entry.line());
                expected.putIfAbsent(section, new LinkedHashMap<>());
            } else {
                Map<String, Assignment> assignments = expected.get(section);
                assignments.remove(entry.key());
                assignments.put(entry.key(),
                        new Assignment(entry.key(), entry.value(), new Origin(FILE, entry.line())));
            }
        }

        Map<String, Map<String, Assignment>> read = new LinkedHashMap<>();
        read.put("", draft.general().assignments());
        Map<String, Integer> readHeaders = new LinkedHashMap<>();
        for (SectionDraft service : draft.services()) {
            read.put(service.name(), service.assignments());
            readHeaders.put(service.name(), service.origin().line());
        }
        assertEquals(expected, read, "sections, keys and values");
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(read.keySet()), "section order");
        assertEquals(headers, readHeaders, "the line of each section's first header");
    }

    /** What ini4j reported: a section, or an option with its (trimmed) value. */
    private record Ini4jEntry(String name, String value, boolean section) {
    }

    private static IniHandler recorder(List<Ini4jEntry> entries) {
        return new ConfigFileReader.EntryHandler() {
            @Override
            public void startSection(String name) {
                if (!name.equals(ConfigFileReader.GENERAL)) {
                    entries.add(new Ini4jEntry(name, null, true));
                }
            }

            @Override
            public void handleOption(String name, String value) {
                entries.add(new Ini4jEntry(name, value, false));
            }

        };
    }

    /** The file with its line ends and control characters made visible, numbered as in messages. */
    private static String shown(String text) {
        StringBuilder shown = new StringBuilder();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            shown.append(i + 1).append(": ");
            lines.get(i).codePoints().forEach(c -> shown.append(c < ' ' || c == 0x7f
                    ? "\\u%04x".formatted(c) : Character.toString(c)));
            shown.append('\n');
        }
        return shown.toString();
    }
}
