package io.sleepingd.kubernetes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the subset of YAML that kubeconfig files are written in (by kubectl, kind, k3s, kubeadm and
 * the cloud CLIs), so that the provider needs no YAML library: block mappings and sequences by
 * indentation (a sequence may sit at its key's indentation, as kubectl writes it), plain, single- and
 * double-quoted one-line scalars, {@code {}} and {@code []}, and comments. Anything else (block
 * scalars, flow collections with content, anchors, tags, several documents) is refused with its line
 * number, rather than read wrong. Mappings become {@code Map<String, Object>}, sequences
 * {@code List<Object>}, scalars {@code String}, and an empty value {@code null}.
 */
final class KubeconfigYaml {
    private record Line(int number, int indent, String content) {
    }

    private final List<Line> lines;
    private int next;

    private KubeconfigYaml(List<Line> lines) {
        this.lines = lines;
    }

    /** @throws IllegalArgumentException naming the line, for YAML outside the subset (or not YAML) */
    static Object parse(String text) {
        List<Line> lines = new ArrayList<>();
        String[] raw = text.split("\r?\n", -1);
        for (int i = 0; i < raw.length; i++) {
            String line = stripComment(raw[i], i + 1).stripTrailing();
            if (line.isBlank() || (line.equals("---") && lines.isEmpty())) {
                continue;
            }
            int indent = 0;
            while (line.charAt(indent) == ' ') {
                indent++;
            }
            if (line.charAt(indent) == '\t') {
                throw new IllegalArgumentException("line " + (i + 1) + ": a tab in the indentation (YAML indents with spaces)");
            }
            if (line.startsWith("---") || line.startsWith("...")) {
                throw new IllegalArgumentException("line " + (i + 1) + ": a second YAML document (only one is read)");
            }
            lines.add(new Line(i + 1, indent, line.substring(indent)));
        }
        if (lines.isEmpty()) {
            return null;
        }
        KubeconfigYaml reader = new KubeconfigYaml(lines);
        Object root = reader.block(lines.getFirst().indent());
        if (reader.next < lines.size()) {
            throw error(lines.get(reader.next), "unexpected indentation");
        }
        return root;
    }

    private Object block(int indent) {
        Line first = lines.get(next);
        return isItem(first.content()) ? sequence(indent) : mapping(indent);
    }

    private Map<String, Object> mapping(int indent) {
        Map<String, Object> members = new LinkedHashMap<>();
        while (next < lines.size() && lines.get(next).indent() == indent && !isItem(lines.get(next).content())) {
            Line line = lines.get(next++);
            int colon = keyEnd(line);
            String key = scalar(line, line.content().substring(0, colon).strip());
            if (key == null) {
                throw error(line, "an empty key");
            }
            String rest = line.content().substring(colon + 1).strip();
            Object value = rest.isEmpty() ? nested(indent) : scalarOrEmpty(line, rest);
            if (members.containsKey(key)) {
                throw error(line, "'" + key + "' appears twice");
            }
            members.put(key, value);
        }
        return members;
    }

    /** The value of a key written alone: a deeper block, a sequence at the key's indentation, or nothing. */
    private Object nested(int indent) {
        if (next >= lines.size()) {
            return null;
        }
        Line following = lines.get(next);
        if (following.indent() > indent) {
            return block(following.indent());
        }
        if (following.indent() == indent && isItem(following.content())) {
            return sequence(indent);
        }
        return null;
    }

    private List<Object> sequence(int indent) {
        List<Object> items = new ArrayList<>();
        while (next < lines.size() && lines.get(next).indent() == indent && isItem(lines.get(next).content())) {
            Line line = lines.get(next);
            String rest = line.content().substring(1);
            String content = rest.stripLeading();
            if (content.isEmpty()) {
                next++;
                items.add(next < lines.size() && lines.get(next).indent() > indent ? block(lines.get(next).indent()) : null);
            } else if (isItem(content) || keyEndOrMinus(line, content) >= 0) {
                // "- key: value" opens a mapping (or "- - x" a sequence) whose indentation is the content's.
                int contentIndent = indent + 1 + (rest.length() - content.length());
                lines.set(next, new Line(line.number(), contentIndent, content));
                items.add(block(contentIndent));
            } else {
                next++;
                items.add(scalarOrEmpty(line, content));
            }
        }
        return items;
    }

    private static boolean isItem(String content) {
        return content.equals("-") || content.startsWith("- ");
    }

    /** Where the key of {@code line} ends: the first ':' outside quotes that ends the line or precedes a blank. */
    private int keyEnd(Line line) {
        int colon = keyEndOrMinus(line, line.content());
        if (colon < 0) {
            throw error(line, "'key: value' expected");
        }
        return colon;
    }

    private int keyEndOrMinus(Line line, String content) {
        char quote = content.isEmpty() ? 0 : content.charAt(0);
        int from = 0;
        if (quote == '"' || quote == '\'') {
            int close = closingQuote(content, quote);
            if (close < 0) {
                return -1;
            }
            from = close + 1;
        }
        for (int i = from; i < content.length(); i++) {
            if (content.charAt(i) == ':' && (i + 1 == content.length() || content.charAt(i + 1) == ' ')) {
                return i;
            }
        }
        return -1;
    }

    private static int closingQuote(String text, char quote) {
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == '"' && c == '\\') {
                i++;
            } else if (c == quote) {
                if (quote == '\'' && i + 1 < text.length() && text.charAt(i + 1) == '\'') {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    /** A value after a key or a dash: a scalar, or an empty flow collection. */
    private Object scalarOrEmpty(Line line, String text) {
        if (text.equals("{}")) {
            return new LinkedHashMap<String, Object>();
        }
        if (text.equals("[]")) {
            return new ArrayList<>();
        }
        return scalar(line, text);
    }

    private String scalar(Line line, String text) {
        if (text.isEmpty() || text.equals("~") || text.equals("null")) {
            return null;
        }
        char first = text.charAt(0);
        if (first == '"' || first == '\'') {
            int close = closingQuote(text, first);
            if (close != text.length() - 1) {
                throw error(line, "a quoted value that does not end on its line (or text after its closing quote)");
            }
            String inner = text.substring(1, close);
            return first == '\'' ? inner.replace("''", "'") : unescape(line, inner);
        }
        if ("{[|>&*!%@`".indexOf(first) >= 0) {
            throw error(line, "'" + first + "' starts YAML that kubeconfig files do not need and sleepingd does not read"
                    + " (flow collections, block scalars, anchors, tags)");
        }
        return text;
    }

    private String unescape(Line line, String inner) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char escaped = inner.charAt(++i);
            switch (escaped) {
                case '"', '\\', '/' -> out.append(escaped);
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case '0' -> out.append('\0');
                case 'u' -> {
                    if (i + 5 > inner.length()) {
                        throw error(line, "a \\u escape is cut short");
                    }
                    out.append((char) Integer.parseInt(inner.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> throw error(line, "an escape sleepingd does not read: \\" + escaped);
            }
        }
        return out.toString();
    }

    /** The line without its comment: '#' at its start or after a blank, outside quotes. */
    private static String stripComment(String line, int number) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == 0) {
                if (c == '#' && (i == 0 || line.charAt(i - 1) == ' ' || line.charAt(i - 1) == '\t')) {
                    return line.substring(0, i);
                }
                // a quote opens a quoted scalar only where one can start: after ": ", "- " or at the start
                if ((c == '"' || c == '\'') && (i == 0 || line.charAt(i - 1) == ' ')) {
                    quote = c;
                }
            } else if (quote == '"' && c == '\\') {
                i++;
            } else if (c == quote) {
                quote = 0;
            }
        }
        return line;
    }

    private static IllegalArgumentException error(Line line, String problem) {
        return new IllegalArgumentException("line " + line.number() + ": " + problem);
    }
}
