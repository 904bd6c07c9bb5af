/** Copies bytes both ways between a client and its backend: the daemon's hot path, kept in one place. */
module io.sleepingd.relay {
    exports io.sleepingd.relay;
}
