/**
 * The daemon's own answers to a client it cannot relay (its backend is still starting, failed to
 * start, or may not be woken by it), in the client's protocol: HTTP, PostgreSQL, Redis, MySQL.
 * Beside the connection's path: lifecycle calls it for a held connection it gives up on.
 */
module io.sleepingd.answers {
    requires transitive io.sleepingd.config; // PROTOCOL, as the configuration names it
    exports io.sleepingd.answers;
}
