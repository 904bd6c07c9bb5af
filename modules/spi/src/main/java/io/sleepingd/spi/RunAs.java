package io.sleepingd.spi;

/** The account from the {@code USER} key, resolved when the configuration was loaded. */
public record RunAs(String name, int uid, int gid) {
}
