package io.sleepingd.config;

/**
 * A value cannot be used; the message says why, without {@code FILE:LINE}, which the caller knows
 * and prepends.
 */
final class ValueException extends Exception {
    private static final long serialVersionUID = 1L;

    ValueException(String message) {
        super(message);
    }
}
