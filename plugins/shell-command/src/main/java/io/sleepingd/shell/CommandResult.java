package io.sleepingd.shell;

/**
 * How a command ended and the first line it printed.
 *
 * @param key            the configuration key the command came from, for messages
 * @param lineTerminated whether the first line ended with a newline
 */
record CommandResult(String key, int exitStatus, String firstLine, boolean lineTerminated) {
}
