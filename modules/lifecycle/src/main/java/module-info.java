/**
 * Each service's life: asleep, waking, awake, stopping. Holds connections while a backend wakes,
 * wakes it once for all of them, relays, and puts it back to sleep when idle.
 */
module io.sleepingd.lifecycle {
    requires transitive io.sleepingd.providers;
    requires io.sleepingd.relay;
    requires org.slf4j;

    exports io.sleepingd.lifecycle;
}
