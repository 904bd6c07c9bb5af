/**
 * The provider SPI: the only module a backend provider depends on.
 * A provider is a module that {@code provides io.sleepingd.spi.BackendProvider} (or
 * {@code IdleProbeProvider}).
 */
module io.sleepingd.spi {
    exports io.sleepingd.spi;
}
