package io.sleepingd.config;

/**
 * A key the core does not know. It may belong to a provider (the providers are only known once the
 * plugins directory has been read), so it is kept and the daemon warns about it only when no
 * installed provider claims it.
 */
public record UnknownKey(Origin origin, String key) {

    /** The warning for a key nobody claims. */
    public String warning() {
        return origin + ": unknown key " + key + " ignored";
    }
}
