package io.sleepingd.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ini4j.Config;
import org.ini4j.InvalidFileFormatException;
import org.ini4j.spi.IniHandler;
import org.ini4j.spi.IniParser;

/**
 * Reads one configuration file into the {@link ConfigDraft}: ini4j finds sections and options,
 * {@link LogicalLines} supplies multi-line values and line numbers, {@link ValueSyntax} the quoting.
 */
final class ConfigFileReader {

    /** ini4j's name for the lines before the first header; NUL cannot occur in a real section name. */
    static final String GENERAL = LogicalLines.NEWLINE + "general";

    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(.*)", Pattern.DOTALL);

    private ConfigFileReader() {
    }

    /**
     * Adds the file's sections and assignments to {@code draft}; what is wrong goes to {@code problems}.
     *
     * @return false when a {@link Limits limit} was reached, which stopped the reading
     */
    static boolean read(Path file, String text, ConfigDraft draft, Problems problems) {
        LogicalLines lines;
        try {
            lines = LogicalLines.of(file, text);
        } catch (ValueException e) {
            problems.error(e.getMessage());
            return true;
        }
        Handler handler = new Handler(file, lines.entries(), draft, problems);
        try {
            IniParser.newInstance(iniConfig()).parse(new StringReader(lines.iniText()), handler);
        } catch (LimitReached e) {
            problems.error(e.origin(), e.getMessage());
            return false;
        } catch (InvalidFileFormatException e) {
            // ini4j stops at the entry after the last one it reported, and its message has no file name
            if (handler.reported() < lines.entries().size()) {
                LogicalLines.Entry bad = lines.entries().get(handler.reported());
                problems.error(new Origin(file, bad.line()), malformed(bad.text()));
            } else { // cannot happen: LogicalLinesAgreeWithIni4jTest holds LogicalLines to ini4j's reading
                problems.error(file + ": " + e.getMessage());
            }
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
        return true;
    }

    private static String malformed(String text) {
        if (text.charAt(0) != '[') {
            return "expected KEY=value"; // ini4j rejects only "=value" among non-section lines
        }
        if (text.endsWith("]") && text.substring(1, text.length() - 1).isBlank()) {
            return "empty section name";
        }
        return "malformed line: " + text;
    }

    /** How we have ini4j read: shared with the test that holds {@link LogicalLines} to it. */
    static Config iniConfig() {
        // set everything explicitly: Config's defaults can be changed by org.ini4j.config.* properties
        Config config = new Config();
        config.setGlobalSection(true);
        config.setGlobalSectionName(GENERAL);
        config.setEscape(false); // quoting and backslashes are ValueSyntax's business
        config.setEscapeNewline(false);
        config.setEmptyOption(true); // a line without '=' reaches us, for our own message
        config.setMultiOption(true);
        config.setLowerCaseOption(false);
        config.setLowerCaseSection(false);
        config.setUnnamedSection(false);
        config.setInclude(false);
        return config;
    }

    /** Thrown through ini4j to stop it at the entry that is one too many. */
    private static final class LimitReached extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Origin origin;

        LimitReached(Origin origin, String message) {
            super(message, null, false, false);
            this.origin = origin;
        }

        Origin origin() {
            return origin;
        }
    }

    /** Receives ini4j's events; the n-th section or option it reports is the n-th recorded entry. */
    private static final class Handler extends EntryHandler {
        private final Path file;
        private final List<LogicalLines.Entry> entries;
        private final ConfigDraft draft;
        private final Problems problems;
        private int reported;
        private SectionDraft current;

        Handler(Path file, List<LogicalLines.Entry> entries, ConfigDraft draft, Problems problems) {
            this.file = file;
            this.entries = entries;
            this.draft = draft;
            this.problems = problems;
            this.current = draft.general();
        }

        int reported() {
            return reported;
        }

        @Override
        public void startSection(String name) {
            if (name.equals(GENERAL)) {
                return; // ini4j's own event for options before the first header: no line of its own
            }
            Origin origin = origin(next());
            if (!draft.hasService(name) && draft.serviceCount() == Limits.SERVICES) {
                throw new LimitReached(origin, "more than " + Limits.SERVICES
                        + " services, the limit for a configuration; stopped reading");
            }
            current = draft.service(name, origin);
        }

        @Override
        public void handleOption(String name, String iniValue) {
            LogicalLines.Entry entry = next();
            Origin origin = origin(entry);
            // ini4j also splits at ':' and trims around the operator; the entry text is checked
            // instead, so that "KEY =v", "A:B=v" and "KEY" are all rejected
            Matcher m = ASSIGNMENT.matcher(entry.text());
            if (iniValue == null || !m.matches()) {
                problems.error(origin, "expected KEY=value");
                return;
            }
            String key = m.group(1);
            String value;
            try {
                // the untrimmed text, not ini4j's trimmed value: "KEY= # note" is blank, "KEY=#note" is not
                value = ValueSyntax.literal(m.group(2));
            } catch (ValueException e) {
                problems.error(origin, e.getMessage());
                return;
            }
            if (current != draft.general() && Keys.GENERAL_ONLY.contains(key)) {
                problems.warning(origin, key + " is only allowed in the general section, ignored");
                return;
            }
            if (!current.assignments().containsKey(key) && current.assignments().size() == Limits.KEYS_PER_SECTION) {
                String section = current == draft.general() ? "the general section" : "section '" + current.name() + "'";
                throw new LimitReached(origin, "more than " + Limits.KEYS_PER_SECTION + " keys in " + section
                        + ", the limit for a section; stopped reading");
            }
            if (!Keys.isKnown(key)) {
                draft.unknownKey(new UnknownKey(origin, key)); // perhaps a provider's: the daemon decides
            }
            current.assign(new Assignment(key, value, origin));
        }

        private LogicalLines.Entry next() {
            return entries.get(reported++);
        }

        private Origin origin(LogicalLines.Entry entry) {
            return new Origin(file, entry.line());
        }
    }

    /** ini4j's events that carry entries: sections and options (the property test records them too). */
    abstract static class EntryHandler implements IniHandler {
        @Override
        public void startIni() {
        }

        @Override
        public void endIni() {
        }

        @Override
        public void endSection() {
        }

        @Override
        public void handleComment(String comment) {
        }
    }
}
