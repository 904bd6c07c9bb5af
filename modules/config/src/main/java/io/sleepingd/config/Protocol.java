package io.sleepingd.config;

/**
 * {@code PROTOCOL}: what the service's clients speak, so that a connection that cannot be relayed
 * (the wake takes longer than {@code HOLD_REPLY_AFTER}, fails, or its source may not wake the
 * backend) gets an answer its client shows, rather than silence or a reset. {@code tcp} (the
 * default) and {@code ssh} get none.
 */
public enum Protocol {
    TCP, HTTP, POSTGRESQL, REDIS, MYSQL, SSH;

    /** Whether the daemon can answer this protocol's clients itself. */
    public boolean answers() {
        return this != TCP && this != SSH;
    }

    /** As written in the configuration: {@code postgresql}. */
    public String written() {
        return Choices.written(this);
    }

    static Protocol parse(String value) throws ValueException {
        return Choices.parse(Keys.PROTOCOL, values(), value);
    }
}
