/** Listens on each service's port and hands every accepted connection, unread, to a handler. */
module io.sleepingd.acceptor {
    requires io.sleepingd.config;
    requires org.slf4j;

    exports io.sleepingd.acceptor;
}
