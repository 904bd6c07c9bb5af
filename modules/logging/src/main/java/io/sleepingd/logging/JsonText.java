package io.sleepingd.logging;

/**
 * JSON strings for what the daemon writes for machines (webhooks, {@code status --json}): the JDK has
 * no JSON writer, and the daemon writes only flat objects of strings and numbers, so quoting is all it needs.
 */
public final class JsonText {
    private JsonText() {
    }

    /** A JSON string: quotes, backslashes and control characters escaped (RFC 8259). */
    public static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
