package io.sleepingd.config;

/**
 * {@code ON_START_IF_RUNNING}: what becomes of a backend found running when the service begins to
 * listen (the daemon starts, or a reload adds the service): started outside the daemon, or left by
 * one that crashed. Either way it no longer runs unwatched until a first connection.
 */
public enum OnStartIfRunning {
    /** Counted as awake, with the idle clock starting: it sleeps after IDLE_TIME without use. */
    ADOPT,
    /** Stopped at once, as an idle backend is. */
    STOP;

    /** As written in the configuration: {@code adopt}. */
    public String written() {
        return Choices.written(this);
    }

    static OnStartIfRunning parse(String value) throws ValueException {
        return Choices.parse(Keys.ON_START_IF_RUNNING, values(), value);
    }
}
