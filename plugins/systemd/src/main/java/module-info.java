/**
 * {@code PROVIDER=systemd}: a backend that is one or more systemd units (system or user), started and
 * stopped with {@code systemctl}, reached at {@code BACKEND}.
 */
module io.sleepingd.systemd {
    requires io.sleepingd.spi;
    requires org.slf4j;
    provides io.sleepingd.spi.BackendProvider with io.sleepingd.systemd.SystemdProvider;
}
