package io.sleepingd.config;

/**
 * Turns a value as written after {@code KEY=} into the literal string it stands for, following the
 * shell's quoting rules that the original's files were written for (bare, {@code "double"},
 * {@code 'single'}, trailing {@code # comment}) but never expanding anything: no {@code $VAR}, no
 * command substitution, no printf processing. Newlines inside quotes arrive as
 * {@link LogicalLines#NEWLINE}.
 */
final class ValueSyntax {

    private ValueSyntax() {
    }

    /**
     * The literal value.
     *
     * @param raw everything after the {@code =}, up to the end of the logical line, trimmed at the end
     * @throws ValueException when the text is not one bare or quoted word with an optional comment
     */
    static String literal(String raw) throws ValueException {
        if (raw.isEmpty()) {
            return "";
        }
        return switch (raw.charAt(0)) {
            case '"' -> doubleQuoted(raw);
            case '\'' -> singleQuoted(raw);
            default -> bare(raw);
        };
    }

    private static String bare(String raw) throws ValueException {
        int blank = firstBlank(raw);
        if (blank < 0) {
            return raw;
        }
        if (blank == 0 && !isBlankOrComment(raw)) {
            throw new ValueException("expected KEY=value, without blanks around '='");
        }
        if (!isBlankOrComment(raw.substring(blank))) {
            throw new ValueException("unquoted value contains whitespace: " + raw);
        }
        return raw.substring(0, blank);
    }

    private static String singleQuoted(String raw) throws ValueException {
        int close = raw.indexOf('\'', 1);
        if (close < 0) {
            throw new ValueException("unterminated single quote");
        }
        checkAfterClosingQuote(raw.substring(close + 1));
        return raw.substring(1, close).replace(LogicalLines.NEWLINE, '\n');
    }

    private static String doubleQuoted(String raw) throws ValueException {
        StringBuilder value = new StringBuilder(raw.length());
        for (int i = 1; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '"') {
                checkAfterClosingQuote(raw.substring(i + 1));
                return value.toString();
            }
            if (c == '\\' && i + 1 < raw.length()) {
                char next = raw.charAt(i + 1);
                // bash keeps the backslash before any other character inside double quotes
                if (next == '"' || next == '\\' || next == '$' || next == '`') {
                    value.append(next);
                    i++;
                    continue;
                }
                if (next == LogicalLines.NEWLINE) {
                    i++; // backslash-newline: a line continuation, both go
                    continue;
                }
            }
            value.append(c == LogicalLines.NEWLINE ? '\n' : c);
        }
        throw new ValueException("unterminated double quote");
    }

    private static void checkAfterClosingQuote(String rest) throws ValueException {
        // "a"b would be one word ab in the shell; we want a blank before a comment, like bare values
        if (!rest.isEmpty() && (!isBlank(rest.charAt(0)) || !isBlankOrComment(rest))) {
            throw new ValueException("unexpected text after closing quote");
        }
    }

    private static boolean isBlankOrComment(String text) {
        String rest = text.strip();
        return rest.isEmpty() || rest.charAt(0) == '#';
    }

    private static int firstBlank(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isBlank(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
