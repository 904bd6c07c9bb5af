/**
 * What the daemon's modules share about logging: a failure that repeats is logged once per interval,
 * with a count (RepeatingLog), addresses read host:port (HostPort), durations read "4 min 10 s"
 * (DurationText), and JSON strings are quoted one way (JsonText).
 */
module io.sleepingd.logging {
    requires transitive org.slf4j;

    exports io.sleepingd.logging;
}
