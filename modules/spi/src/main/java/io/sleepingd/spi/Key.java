package io.sleepingd.spi;

/**
 * A configuration key, as written before the {@code =}. Providers define one constant per key they
 * read instead of repeating its name, and read it with {@link ServiceSettings}'s typed accessors;
 * the constants here are the core's keys that providers read.
 *
 * @param name the key, {@code [A-Za-z_][A-Za-z0-9_]*} like every key the configuration accepts
 */
public record Key(String name) {
    public static final Key CHECK_CMD = new Key("CHECK_CMD");
    public static final Key START_CMD = new Key("START_CMD");
    public static final Key STOP_CMD = new Key("STOP_CMD");
    public static final Key IDLE_CMD = new Key("IDLE_CMD");
    /** Already falls back to {@code EXEC_CMD_TIMEOUT} in {@link ServiceSettings}, as do the other three. */
    public static final Key CHECK_CMD_TIMEOUT = new Key("CHECK_CMD_TIMEOUT");
    public static final Key START_CMD_TIMEOUT = new Key("START_CMD_TIMEOUT");
    public static final Key STOP_CMD_TIMEOUT = new Key("STOP_CMD_TIMEOUT");
    public static final Key IDLE_CMD_TIMEOUT = new Key("IDLE_CMD_TIMEOUT");
    public static final Key WAKE_TIMEOUT = new Key("WAKE_TIMEOUT");
    public static final Key IDLE_PROBE = new Key("IDLE_PROBE");

    public Key {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("'" + name + "' cannot be a configuration key");
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
