package io.sleepingd.spi;

/**
 * A configuration value its key's {@link Key.Parser} rejects. The message names the key and the
 * value; whoever has the file and line adds them.
 */
public final class InvalidValueException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String key;

    public InvalidValueException(Key<?> key, String value, String problem) {
        super(key.name() + " '" + value + "' " + problem);
        this.key = key.name();
    }

    /** The key whose value is wrong. */
    public String key() {
        return key;
    }
}
