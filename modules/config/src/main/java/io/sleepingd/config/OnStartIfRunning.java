package io.sleepingd.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code ON_START_IF_RUNNING}: what becomes of a backend found running when the service begins to
 * listen (the daemon starts, or a reload adds the service), started outside the daemon or before its
 * restart. Either way it no longer runs unwatched until a first connection.
 */
public enum OnStartIfRunning {
    /** Counted as awake, with the idle clock starting: it sleeps after IDLE_TIME without use. */
    ADOPT,
    /** Stopped at once, as an idle backend is. */
    STOP;

    /** As written in the configuration: {@code adopt}. */
    public String written() {
        return name().toLowerCase(Locale.ROOT);
    }

    static OnStartIfRunning parse(String value) throws ValueException {
        for (OnStartIfRunning choice : values()) {
            if (choice.written().equals(value.strip())) {
                return choice;
            }
        }
        throw new ValueException("ON_START_IF_RUNNING '" + value + "' is not one of " + Arrays.stream(values())
                .map(OnStartIfRunning::written).collect(Collectors.joining(", ")));
    }
}
