/**
 * {@code PROVIDER=libvirt}: a libvirt domain (a virtual machine) started with {@code virsh start} on
 * the first connection and shut down, then destroyed if it does not go, when idle.
 */
module io.sleepingd.libvirt {
    requires io.sleepingd.spi;
    requires org.slf4j;
    provides io.sleepingd.spi.BackendProvider with io.sleepingd.libvirt.LibvirtProvider;
}
