package io.sleepingd.config;

/**
 * One {@code KEY=value} as written, quotes already removed, with the line it came from so that a
 * bad value can be reported where the user has to fix it.
 */
record Assignment(String key, String value, Origin origin) {
}
