package io.sleepingd.libvirt;

import io.sleepingd.spi.Backend;
import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.BackendProvider;
import io.sleepingd.spi.Key;
import io.sleepingd.spi.ServiceSettings;
import java.util.Set;

/**
 * {@code PROVIDER=libvirt}: a virtual machine managed by libvirt, started with {@code virsh start} by
 * the first connection and, when idle, shut down ({@code virsh shutdown}) and destroyed if it has not
 * gone within {@code LIBVIRT_SHUTDOWN_TIMEOUT}. virsh, not the libvirt C library: the daemon stays pure
 * Java, and every call is a bounded command run as {@code USER} like any other.
 */
public final class LibvirtProvider implements BackendProvider {

    @Override
    public String name() {
        return "libvirt";
    }

    @Override
    public Set<Key<?>> keys() {
        return LibvirtSettings.KEYS;
    }

    @Override
    public Backend open(ServiceSettings settings) throws BackendException {
        LibvirtSettings libvirt = LibvirtSettings.of(settings);
        return new LibvirtBackend(settings.name(), libvirt,
                new Virsh(settings.name(), libvirt.uri(), libvirt.domain(), libvirt.timeout(), settings.runAs()));
    }
}
