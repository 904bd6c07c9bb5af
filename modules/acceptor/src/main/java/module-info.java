/**
 * The first step of a connection's path (acceptor, then lifecycle, then relay): binds each service's
 * listening sockets, accepts on the relay's event loops, retries after a failed accept, and hands
 * every connection, unread, to the service that owns the port.
 */
module io.sleepingd.acceptor {
    requires transitive io.sleepingd.config; // a Listener binds what a ServiceConfig says (PORT, BIND)
    requires transitive io.sleepingd.lifecycle; // each accepted connection goes to its service
    requires transitive io.sleepingd.relay; // accepting happens on the relay's event loops, which then relay the connection
    requires io.sleepingd.logging; // an accept that fails (out of descriptors) is retried, and logged once per interval

    exports io.sleepingd.acceptor;
}
