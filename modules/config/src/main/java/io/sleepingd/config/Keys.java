package io.sleepingd.config;

import io.sleepingd.spi.Key;
import java.util.List;
import java.util.Set;

/**
 * The configuration keys we understand, grouped by how they are validated and where they may appear.
 * The ones providers read are named once, in the SPI's {@link Key}.
 */
final class Keys {
    static final String ACTIVE = "ACTIVE";
    static final String PORT = "PORT";
    static final String CHECK_CMD = Key.CHECK_CMD.name();
    static final String START_CMD = Key.START_CMD.name();
    static final String STOP_CMD = Key.STOP_CMD.name();
    static final String IDLE_CMD = Key.IDLE_CMD.name();
    static final String EXEC_CMD_TIMEOUT = "EXEC_CMD_TIMEOUT";
    static final String START_CMD_TIMEOUT = Key.START_CMD_TIMEOUT.name();
    static final String STOP_CMD_TIMEOUT = Key.STOP_CMD_TIMEOUT.name();
    static final String CHECK_CMD_TIMEOUT = Key.CHECK_CMD_TIMEOUT.name();
    static final String IDLE_CMD_TIMEOUT = Key.IDLE_CMD_TIMEOUT.name();
    static final String IDLE_TIME = "IDLE_TIME";
    static final String IDLE_CHECK_INTERVAL = "IDLE_CHECK_INTERVAL";
    static final String USER = "USER";
    static final String VARRUN_PATH = "VARRUN_PATH";
    // Ours, not the original's:
    static final String BIND = "BIND";
    static final String WAKE_TIMEOUT = Key.WAKE_TIMEOUT.name();
    static final String PROVIDER = "PROVIDER";
    static final String SHUTDOWN_GRACE = "SHUTDOWN_GRACE";
    static final String PLUGIN_DIR = "PLUGIN_DIR";
    static final String IDLE_PROBE = Key.IDLE_PROBE.name();
    static final String UNKNOWN_KEYS = "UNKNOWN_KEYS";
    static final String LOG_FORMAT = "LOG_FORMAT";
    static final String ON_EVENT_CMD = "ON_EVENT_CMD";
    static final String ON_EVENT_URL = "ON_EVENT_URL";
    static final String ADMIN_ADDRESS = "ADMIN_ADDRESS";
    static final String WAKE_FROM = "WAKE_FROM";
    static final String NO_WAKE_FROM = "NO_WAKE_FROM";
    static final String KEEP_AWAKE_FROM = "KEEP_AWAKE_FROM";
    static final String WAKE_RATE = "WAKE_RATE";
    static final String PROTOCOL = "PROTOCOL";
    static final String HOLD_REPLY_AFTER = "HOLD_REPLY_AFTER";
    static final String ON_START_IF_RUNNING = "ON_START_IF_RUNNING";

    /** Every known key, in the order the original documents them. */
    static final List<String> ALL = List.of(ACTIVE, PORT, CHECK_CMD, START_CMD, STOP_CMD, IDLE_CMD,
            EXEC_CMD_TIMEOUT, START_CMD_TIMEOUT, STOP_CMD_TIMEOUT, CHECK_CMD_TIMEOUT, IDLE_CMD_TIMEOUT,
            IDLE_TIME, IDLE_CHECK_INTERVAL, USER, VARRUN_PATH, BIND, WAKE_TIMEOUT, PROVIDER, SHUTDOWN_GRACE,
            PLUGIN_DIR, IDLE_PROBE, UNKNOWN_KEYS, LOG_FORMAT, ON_EVENT_CMD, ON_EVENT_URL, ADMIN_ADDRESS, WAKE_FROM,
            NO_WAKE_FROM, KEEP_AWAKE_FROM, WAKE_RATE, PROTOCOL, HOLD_REPLY_AFTER,
            ON_START_IF_RUNNING);

    /** Daemon-wide settings: a service cannot have its own. */
    static final Set<String> GENERAL_ONLY = Set.of(VARRUN_PATH, SHUTDOWN_GRACE, PLUGIN_DIR, UNKNOWN_KEYS, LOG_FORMAT,
            ADMIN_ADDRESS);

    /** The per-command timeouts, which fall back to {@code EXEC_CMD_TIMEOUT}. */
    static final List<String> COMMAND_TIMEOUTS =
            List.of(START_CMD_TIMEOUT, STOP_CMD_TIMEOUT, CHECK_CMD_TIMEOUT, IDLE_CMD_TIMEOUT);

    /** Keys whose value is a whole number of seconds. */
    static final Set<String> SECONDS = Set.of(EXEC_CMD_TIMEOUT, START_CMD_TIMEOUT, STOP_CMD_TIMEOUT,
            CHECK_CMD_TIMEOUT, IDLE_CMD_TIMEOUT, IDLE_TIME, IDLE_CHECK_INTERVAL, WAKE_TIMEOUT, SHUTDOWN_GRACE,
            HOLD_REPLY_AFTER);

    private static final Set<String> KNOWN = Set.copyOf(ALL);

    static boolean isKnown(String key) {
        return KNOWN.contains(key);
    }

    private Keys() {
    }
}
