/**
 * What a service's events set off beyond the daemon: the administrator's {@code ON_EVENT_CMD}, run
 * for every wake and stop with the event in its environment, and {@code ON_EVENT_URL}, which gets
 * each event POSTed as JSON; both off the wake's path.
 */
module io.sleepingd.hooks {
    requires transitive io.sleepingd.lifecycle; // the events come from the services' lives
    requires io.sleepingd.logging; // the client's address as host:port
    requires java.net.http; // ON_EVENT_URL: the JDK's HTTP client, no library
    requires org.slf4j;

    exports io.sleepingd.hooks;
}
