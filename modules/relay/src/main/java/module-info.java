/**
 * The daemon's hot path, kept in one place: accepts connections, connects them to their backends and
 * copies bytes both ways, on an event loop per core, within a budget of buffer memory.
 */
module io.sleepingd.relay {
    requires io.sleepingd.logging; // the event loop logs a bug in one connection and goes on with the others

    exports io.sleepingd.relay;
}
