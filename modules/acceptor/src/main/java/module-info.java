/** Listens on each service's port and hands every accepted connection, unread, to a handler. */
module io.sleepingd.acceptor {
    requires io.sleepingd.config;
    requires io.sleepingd.relay; // accepting happens on the relay's event loop, next to the relaying
    requires org.slf4j;

    exports io.sleepingd.acceptor;
}
