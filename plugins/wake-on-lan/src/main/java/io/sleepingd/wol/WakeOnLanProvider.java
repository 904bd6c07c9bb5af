package io.sleepingd.wol;

import io.sleepingd.spi.Backend;
import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.BackendProvider;
import io.sleepingd.spi.Key;
import io.sleepingd.spi.ServiceSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;

/**
 * {@code PROVIDER=wake-on-lan}: a machine that sleeps (suspended or powered off with Wake-on-LAN on)
 * is woken with the magic packet for {@code WOL_MAC}, sent to {@code WOL_ADDRESS} (the broadcast
 * address by default, port 9); then the daemon waits, within {@code WAKE_TIMEOUT}, for
 * {@code BACKEND} to accept. {@code STOP_CMD} puts it to sleep (for example {@code ssh host
 * systemctl suspend}); without one, the machine is never stopped by the daemon.
 */
public final class WakeOnLanProvider implements BackendProvider {
    /** The default port: "discard", which Wake-on-LAN tools use; a card matches the packet on any port. */
    static final int DEFAULT_PORT = 9;
    static final Key<MagicPacket> MAC = new Key<>("WOL_MAC", MagicPacket::forMac);
    static final Key<InetSocketAddress> ADDRESS = new Key<>("WOL_ADDRESS", WakeOnLanProvider::sendTo);

    @Override
    public String name() {
        return "wake-on-lan";
    }

    @Override
    public Set<Key<?>> keys() {
        return Set.of(MAC, ADDRESS, Key.BACKEND);
    }

    @Override
    public Backend open(ServiceSettings settings) throws BackendException {
        MagicPacket packet = settings.get(MAC).orElseThrow(() -> new BackendException(
                "WOL_MAC is required: the MAC address of the machine's network card (aa:bb:cc:dd:ee:ff)"));
        var backend = settings.get(Key.BACKEND).orElseThrow(() -> new BackendException(
                "BACKEND is required: where the machine accepts connections once awake (HOST:PORT)"));
        InetSocketAddress to = settings.get(ADDRESS)
                .orElse(new InetSocketAddress(InetAddress.ofLiteral("255.255.255.255"), DEFAULT_PORT));
        return new WakeOnLanBackend(settings, packet, to, backend);
    }

    /** {@code IP} or {@code IP:PORT} (IPv4: Wake-on-LAN is a broadcast on the machine's LAN); never a name. */
    private static InetSocketAddress sendTo(String value) {
        int colon = value.indexOf(':');
        String host = colon < 0 ? value : value.substring(0, colon);
        int port = colon < 0 ? DEFAULT_PORT : Key.port("WOL_ADDRESS").parser().parse(value.substring(colon + 1));
        InetAddress address;
        try {
            address = InetAddress.ofLiteral(host);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not an IPv4 address, or IPv4:PORT (names are not looked up)");
        }
        if (address.getAddress().length != 4) {
            throw new IllegalArgumentException("is not an IPv4 address, or IPv4:PORT");
        }
        return new InetSocketAddress(address, port);
    }
}
