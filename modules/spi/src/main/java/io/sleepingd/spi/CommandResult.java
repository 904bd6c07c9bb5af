package io.sleepingd.spi;

import java.util.List;

/**
 * How a command that {@link CommandRunner} ran ended.
 *
 * @param exitStatus          the command's exit status
 * @param output              the standard output kept: the first line alone (without its newline) for
 *                            {@link Command.Output#FIRST_LINE}, else all of it, each up to the command's
 *                            output limit
 * @param firstLineTerminated whether the first line ended with a newline (which may lie beyond the limit)
 * @param errorLines          the lines of standard error that went to the command's error log by the
 *                            time the result was made
 */
public record CommandResult(int exitStatus, String output, boolean firstLineTerminated, List<String> errorLines) {

    public CommandResult {
        errorLines = List.copyOf(errorLines);
    }

    /** The first line of the output, without its newline. */
    public String firstLine() {
        int newline = output.indexOf('\n');
        return newline < 0 ? output : output.substring(0, newline);
    }

    /** Standard error as far as it was kept, its lines joined with newlines. */
    public String errorText() {
        return String.join("\n", errorLines);
    }

    /** Standard error as one line ({@link #oneLine}): a command's complaint, as an error message shows it. */
    public String errorLine() {
        return oneLine(errorText());
    }

    /**
     * Text of several lines as one, for a log line or a status (which must stay one line): its non-blank
     * lines, stripped, joined with {@code " / "}.
     */
    public static String oneLine(String text) {
        return String.join(" / ", text.strip().lines().map(String::strip).filter(line -> !line.isEmpty()).toList());
    }
}
