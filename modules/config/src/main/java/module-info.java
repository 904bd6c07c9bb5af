/** Reads the original sleepingd's configuration files into validated, typed service settings. */
module io.sleepingd.config {
    requires transitive io.sleepingd.spi; // ServiceConfig hands providers their ServiceSettings
    requires ini4j; // automatic module: ini4j's jar has no module descriptor

    exports io.sleepingd.config;
}
