/**
 * The daemon's hot path, kept in one place: event loops, one per core, that connect connections to
 * their backends and copy bytes both ways within a budget of buffer memory. The acceptor watches its
 * listening sockets on the same loops, so that a connection to an awake backend never changes threads.
 */
module io.sleepingd.relay {
    requires io.sleepingd.logging; // the event loop logs a bug in one connection and goes on with the others

    exports io.sleepingd.relay;
}
