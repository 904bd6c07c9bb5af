/**
 * What the daemon's modules share about logging: a failure that repeats is logged once per interval,
 * with a count (RepeatingLog), and addresses read host:port (HostPort).
 */
module io.sleepingd.logging {
    requires transitive org.slf4j;

    exports io.sleepingd.logging;
}
