package io.sleepingd.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The pre-pass before ini4j: joins a quoted value that spans several physical lines into one
 * logical line, and remembers where each section header and option starts.
 *
 * <p>ini4j reads one physical line per entry and counts lines itself, so it can neither keep a
 * multi-line value together nor tell us where an entry it reports came from. We hand it a text in
 * which every logical line is one physical line, the value's own newlines encoded as {@link #NEWLINE}
 * and followed by blank lines so that line numbers still match the file; and we list, in order, the
 * line of every entry ini4j will report: its n-th section or option is our n-th {@link Entry}.
 *
 * @param iniText the text to give ini4j
 * @param entries every section header and option line, in file order
 */
record LogicalLines(String iniText, List<Entry> entries) {

    /** Stands for a newline inside a quoted value; a real one in the file is rejected. */
    static final char NEWLINE = '\0';

    /**
     * A line ini4j will report as a section or an option.
     *
     * @param line the 1-based line where the entry starts
     * @param text the logical line, trimmed as ini4j trims it, with {@link #NEWLINE} for newlines
     */
    record Entry(int line, String text) {
    }

    LogicalLines {
        entries = List.copyOf(entries);
    }

    /**
     * Splits a file's text into logical lines.
     *
     * @throws ValueException with {@code FILE:LINE: ...} for a NUL character or an unterminated quote
     */
    static LogicalLines of(Path file, String text) throws ValueException {
        // lines() splits on \n, \r\n and \r: the same line ends as ini4j's LineNumberReader
        List<String> physical = text.lines().toList();
        StringBuilder ini = new StringBuilder(text.length() + 16);
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < physical.size(); i++) {
            String line = checkNoNul(file, i, physical.get(i));
            String trimmed = line.trim(); // String.trim, exactly as ini4j trims
            if (trimmed.isEmpty() || trimmed.charAt(0) == ';' || trimmed.charAt(0) == '#') {
                ini.append(line).append('\n'); // blank or comment: ini4j reports nothing
                continue;
            }
            int first = i;
            StringBuilder logical = new StringBuilder(line);
            if (trimmed.charAt(0) != '[') { // quotes in a section header are just part of its name
                QuoteScanner quote = QuoteScanner.openAfterEquals(line);
                while (quote != null && quote.isOpen()) {
                    if (++i == physical.size()) {
                        throw new ValueException(new Origin(file, first + 1) + ": unterminated " + quote.kind());
                    }
                    String next = checkNoNul(file, i, physical.get(i));
                    quote.newline();
                    quote.scan(next);
                    logical.append(NEWLINE).append(next);
                }
            }
            entries.add(new Entry(first + 1, logical.toString().trim()));
            ini.append(logical).append('\n');
            ini.append("\n".repeat(i - first));
        }
        return new LogicalLines(ini.toString(), entries);
    }

    private static String checkNoNul(Path file, int index, String line) throws ValueException {
        if (line.indexOf(NEWLINE) >= 0) {
            throw new ValueException(new Origin(file, index + 1) + ": NUL character");
        }
        return line;
    }

    /** Follows one quoted value over line ends, with the same rules as {@link ValueSyntax}. */
    private static final class QuoteScanner {
        private final char quote;
        private boolean open = true;
        private boolean escaped;

        private QuoteScanner(char quote) {
            this.quote = quote;
        }

        /** The scanner for a value that starts with a quote right after the first {@code =}, else null. */
        static QuoteScanner openAfterEquals(String line) {
            int equals = line.indexOf('=');
            if (equals < 0 || equals + 1 >= line.length()) {
                return null;
            }
            char c = line.charAt(equals + 1);
            if (c != '"' && c != '\'') {
                return null; // only a value that starts with a quote is quoted (see ValueSyntax)
            }
            QuoteScanner scanner = new QuoteScanner(c);
            scanner.scan(line.substring(equals + 2));
            return scanner;
        }

        void scan(String text) {
            for (int i = 0; i < text.length() && open; i++) {
                char c = text.charAt(i);
                if (escaped) {
                    escaped = false;
                } else if (c == '\\' && quote == '"') {
                    escaped = true;
                } else if (c == quote) {
                    open = false;
                }
            }
        }

        /** A newline inside the value; after a backslash the pair is a line continuation. */
        void newline() {
            escaped = false;
        }

        boolean isOpen() {
            return open;
        }

        String kind() {
            return quote == '"' ? "double quote" : "single quote";
        }
    }
}
