/**
 * {@code PROVIDER=wake-on-lan}: wakes a machine with the magic packet, waits for {@code BACKEND} to
 * accept, and puts it to sleep with {@code STOP_CMD} (or not at all).
 */
module io.sleepingd.wol {
    requires io.sleepingd.spi;
    requires org.slf4j;
    provides io.sleepingd.spi.BackendProvider with io.sleepingd.wol.WakeOnLanProvider;
}
