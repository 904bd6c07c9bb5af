/** Listens on each service's port and hands every accepted connection, unread, to a handler. */
module io.sleepingd.acceptor {
    requires io.sleepingd.config;
    requires io.sleepingd.relay; // accepting happens on the relay's event loop, next to the relaying
    requires io.sleepingd.logging; // an accept that fails (out of descriptors) is retried, and logged once per interval

    exports io.sleepingd.acceptor;
}
