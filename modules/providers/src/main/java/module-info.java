/**
 * Finds the backend providers and idle probes: those shipped with the daemon (boot layer) and the
 * drop-in jars of the plugins directory, loaded into a child module layer.
 */
module io.sleepingd.providers {
    requires transitive io.sleepingd.config;
    requires org.slf4j;

    exports io.sleepingd.providers;

    uses io.sleepingd.spi.BackendProvider;
    uses io.sleepingd.spi.IdleProbeProvider;
}
