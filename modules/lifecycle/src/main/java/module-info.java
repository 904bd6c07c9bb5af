/**
 * The second step of a connection's path (acceptor, then lifecycle, then relay): each service's life,
 * asleep, waking, awake, stopping. Holds connections while a backend wakes, wakes it once for all of
 * them, hands them to the relay, and puts the backend back to sleep when idle.
 */
module io.sleepingd.lifecycle {
    requires transitive io.sleepingd.config; // a service is built from its ServiceConfig
    requires transitive io.sleepingd.spi; // and drives its provider's Backend
    requires transitive io.sleepingd.providers; // which the ProviderCatalog opens (ServiceSet.open)
    requires transitive io.sleepingd.relay; // a service relays on the loops it is given (ServiceSet.open)
    requires io.sleepingd.answers; // a held connection it gives up on is answered in its protocol (PROTOCOL)
    requires io.sleepingd.logging; // addresses in log lines as host:port
    requires org.slf4j;

    exports io.sleepingd.lifecycle;
}
