package io.sleepingd.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;

/**
 * A random configuration file together with what it says, written the way a person (or a
 * generator) might: sections, {@code KEY=value} lines with bare, double- and single-quoted values,
 * escapes, values over several lines, comments after {@code #} and {@code ;}, blank lines,
 * whitespace around everything, odd characters, repeated keys and sections, and line ends of every
 * kind, mixed. Everything it writes is valid; {@link #withBadLine} adds one line that is not.
 *
 * @param text    the file's text
 * @param entries every section header and assignment, in file order, as it must be read
 */
record RandomConfigFile(String text, List<Expected> entries) {

    /**
     * A section header or an assignment.
     *
     * @param line  the 1-based line where it starts
     * @param key   the key, or null for a section header
     * @param name  the section name for a header, the key for an assignment
     * @param value the literal value of an assignment (quotes removed, escapes applied)
     */
    record Expected(int line, String key, String name, String value) {
        boolean isSection() {
            return key == null;
        }
    }

    /** A line that must be reported at its line number, and whether ini4j stops reading there. */
    record BadLine(String text, boolean stopsReading) {
    }

    /** Characters for free text: blanks, shell and ini punctuation, control and non-ASCII characters. */
    private static final int[] ODD = ("abcxyzABZ019_-./:=[]{}#;!@$%^&*()+,<>?|~`\\\"' \t"
            + "\u00e9\u4e2d\u00a0\u2028\u0085\u0001\u000b\u000c\u007f\ufeff\ud83d\ude00").codePoints().toArray();
    /** Keys a service may hold; the daemon-wide ones would only draw a warning in a section. */
    private static final List<String> CORE_KEYS =
            Keys.ALL.stream().filter(key -> !Keys.GENERAL_ONLY.contains(key)).toList();
    private static final String BREAK = "\n"; // stands for a line end until the file's are chosen
    private static final List<BadLine> BAD_LINES = List.of(
            new BadLine("=value", true),
            new BadLine("[unclosed", true),
            new BadLine("[ ]", true),
            new BadLine("[a]b", true),
            new BadLine(":value", true),
            new BadLine("KEY:value", false),
            new BadLine("<other.conf>", false), // an include, had ini4j been told to follow them
            new BadLine("KEY =value", false),
            new BadLine("KEY= value", false),
            new BadLine("A:B=value", false),
            new BadLine("JUST_A_WORD", false),
            new BadLine("KEY=two words", false),
            new BadLine("KEY=\"a\"b", false),
            new BadLine("KEY='a'b", false));

    /** A file of up to {@code maxElements} lines or multi-line values. */
    static RandomConfigFile generate(Random random, int maxElements) {
        return new Builder(random).file(random.nextInt(maxElements + 1), -1, null);
    }

    /**
     * A valid file with {@code bad} inserted as the element at a random place.
     *
     * @return the file; its bad line is {@link #badLine}
     */
    static RandomConfigFile withBadLine(Random random, int maxElements, BadLine bad) {
        int elements = random.nextInt(maxElements + 1);
        return new Builder(random).file(elements + 1, random.nextInt(elements + 1), bad);
    }

    static BadLine randomBadLine(Random random) {
        return BAD_LINES.get(random.nextInt(BAD_LINES.size()));
    }

    /** Where the bad line of a {@link #withBadLine} file is: its entry has a null name. */
    int badLine() {
        return entries.stream().filter(e -> e.name() == null).findFirst().orElseThrow().line();
    }

    /** Builds one file; a line break in an element is {@link #BREAK} until the line ends are chosen. */
    private static final class Builder {
        private final Random random;
        private final List<String> keys = new ArrayList<>();
        private final List<String> sections = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();
        private final List<Expected> entries = new ArrayList<>();
        private final List<String> lineEnds;
        private int line = 1;
        private String lastLineEnd = "";

        Builder(Random random) {
            this.random = random;
            // few keys and section names per file, so that repeats are common
            for (int i = 0; i < 4; i++) {
                keys.add(random.nextBoolean() ? pick(CORE_KEYS) : identifier());
                sections.add(sectionName());
            }
            lineEnds = switch (random.nextInt(4)) {
                case 0 -> List.of("\n");
                case 1 -> List.of("\r\n");
                case 2 -> List.of("\r");
                default -> List.of("\n", "\r\n", "\r");
            };
        }

        RandomConfigFile file(int elements, int badAt, BadLine bad) {
            for (int i = 0; i < elements; i++) {
                if (i == badAt) {
                    add(whitespace() + bad.text() + whitespace(), null, null, null);
                } else {
                    element();
                }
            }
            if (random.nextInt(4) == 0 && text.length() > 0) {
                text.setLength(text.length() - lastLineEnd.length()); // no line end after the last line
            }
            return new RandomConfigFile(text.toString(), List.copyOf(entries));
        }

        private void element() {
            switch (random.nextInt(10)) {
                case 0 -> add(whitespace(), null, null, null);
                case 1 -> add(whitespace() + (random.nextBoolean() ? "#" : ";") + freeText(c -> true), null, null, null);
                case 2 -> {
                    String name = random.nextInt(4) == 0 ? sectionName() : pick(sections);
                    add(whitespace() + "[" + whitespace() + name + whitespace() + "]" + whitespace(), null, name, null);
                }
                default -> assignment();
            }
        }

        private void assignment() {
            String key = pick(keys);
            StringBuilder written = new StringBuilder();
            StringBuilder value = new StringBuilder();
            switch (random.nextInt(5)) {
                case 0 -> { // empty: "KEY=" or "KEY= # note"
                }
                case 1 -> bare(written, value);
                case 2 -> singleQuoted(written, value);
                default -> doubleQuoted(written, value);
            }
            if (random.nextInt(3) == 0) {
                written.append(blanks()).append('#').append(freeText(c -> true));
            }
            add(whitespace() + key + "=" + written + whitespace(), key, key, value.toString());
        }

        private void bare(StringBuilder written, StringBuilder value) {
            String word = freeText(c -> c != ' ' && c != '\t');
            char first = pick("abc#=[;:\\$\u00e9");
            char last = pick("xyz]\\=\"'#\u4e2d"); // a trailing backslash is no line continuation
            value.append(first).append(word).append(last);
            written.append(value);
        }

        private void singleQuoted(StringBuilder written, StringBuilder value) {
            written.append('\'');
            for (int i = random.nextInt(12); i > 0; i--) {
                if (random.nextInt(6) == 0) {
                    written.append(BREAK);
                    value.append('\n');
                } else {
                    int c = pickOdd(ch -> ch != '\'');
                    written.appendCodePoint(c);
                    value.appendCodePoint(c);
                }
            }
            written.append('\'');
        }

        private void doubleQuoted(StringBuilder written, StringBuilder value) {
            written.append('"');
            for (int i = random.nextInt(12); i > 0; i--) {
                switch (random.nextInt(8)) {
                    case 0 -> { // a newline in the value
                        written.append(BREAK);
                        value.append('\n');
                    }
                    case 1 -> written.append('\\').append(BREAK); // a line continuation: both go
                    case 2 -> { // an escape the shell removes
                        char c = pick("\"\\$`");
                        written.append('\\').append(c);
                        value.append(c);
                    }
                    case 3 -> { // a backslash the shell keeps
                        int c = pickOdd(ch -> "\"\\$`".indexOf(ch) < 0);
                        written.append('\\').appendCodePoint(c);
                        value.append('\\').appendCodePoint(c);
                    }
                    default -> {
                        int c = pickOdd(ch -> ch != '"' && ch != '\\');
                        written.appendCodePoint(c);
                        value.appendCodePoint(c);
                    }
                }
            }
            written.append('"');
        }

        /** Appends an element's lines and records its entry, when it has one. */
        private void add(String element, String key, String name, String value) {
            if (name != null || key == null && value == null && isEntry(element)) {
                entries.add(new Expected(line, key, name, value));
            }
            String[] physical = element.split(BREAK, -1);
            for (String part : physical) {
                String end;
                do {
                    end = pick(lineEnds);
                } while (lastLineEnd.equals("\r") && part.isEmpty() && end.equals("\n")); // that is one CRLF
                text.append(part).append(end);
                lastLineEnd = end;
                line++;
            }
        }

        /** A bad line is an entry; a blank or comment line is not. */
        private static boolean isEntry(String element) {
            String trimmed = element.trim();
            return !trimmed.isEmpty() && trimmed.charAt(0) != '#' && trimmed.charAt(0) != ';';
        }

        private String identifier() {
            StringBuilder name = new StringBuilder().append(pick("ABCXYZ_abz"));
            for (int i = random.nextInt(8); i > 0; i--) {
                name.append(pick("ABCXYZ_abz0189"));
            }
            return name.toString();
        }

        /** Anything but blanks at either end, so that ini4j's trimming keeps it whole. */
        private String sectionName() {
            return pick("aZ9[#;\"'\u00e9") + freeText(c -> true) + pick("bY0]=\"\u4e2d");
        }

        private String freeText(IntPredicate allowed) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(10); i > 0; i--) {
                text.appendCodePoint(pickOdd(allowed));
            }
            return text.toString();
        }

        private int pickOdd(IntPredicate allowed) {
            int c;
            do {
                c = ODD[random.nextInt(ODD.length)];
            } while (!allowed.test(c));
            return c;
        }

        /** Nothing, or what both parsers trim from a line's ends: blanks, form feeds, vertical tabs. */
        private String whitespace() {
            return random.nextBoolean() ? "" : some(" \t\f\u000b");
        }

        /** The blanks a value's comment must follow. */
        private String blanks() {
            return some(" \t");
        }

        private String some(String chars) {
            StringBuilder some = new StringBuilder();
            for (int i = 1 + random.nextInt(3); i > 0; i--) {
                some.append(pick(chars));
            }
            return some.toString();
        }

        private char pick(String chars) {
            return chars.charAt(random.nextInt(chars.length()));
        }

        private <T> T pick(List<T> list) {
            return list.get(random.nextInt(list.size()));
        }
    }
}
