package io.sleepingd.docker;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an option string into arguments the way a shell would, with single and double quotes and
 * backslashes, but with no expansion of any kind: the words go to docker as they are, never
 * through a shell.
 */
final class Words {
    private Words() {
    }

    /**
     * The words of {@code text}: a {@link io.sleepingd.spi.Key.Parser}.
     *
     * @throws IllegalArgumentException when a quote is not closed
     */
    static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\\' && i + 1 < text.length() && quote != '\'') {
                word.append(text.charAt(++i));
                inWord = true;
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("has an unterminated " + (quote == '"' ? "double" : "single") + " quote");
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
