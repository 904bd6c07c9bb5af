package io.sleepingd.lifecycle;

import java.util.Locale;

/** Why a backend was stopped, as metrics label it; the log and status say it in words. */
public enum StopReason {
    /** No connection and no traffic for IDLE_TIME, and the idle checks agreed. */
    IDLE,
    /** The daemon is stopping. */
    SHUTDOWN,
    /** A reload took the service out or changed it. */
    RELOAD,
    /** A wake failed, and what it may have started is stopped. */
    FAILED,
    /** Found running when the service began to listen, with ON_START_IF_RUNNING=stop. */
    FOUND_RUNNING;

    /** {@code idle}, {@code shutdown}, {@code reload}, {@code failed}, {@code found_running}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
