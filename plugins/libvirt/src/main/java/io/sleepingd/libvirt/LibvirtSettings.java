package io.sleepingd.libvirt;

import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.Endpoint;
import io.sleepingd.spi.Key;
import io.sleepingd.spi.ServiceSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A libvirt service's keys, validated, with their defaults.
 *
 * @param uri             {@code LIBVIRT_URI}: the hypervisor, as {@code virsh --connect} takes it
 * @param domain          {@code LIBVIRT_DOMAIN}: the domain's name (or UUID)
 * @param backend         {@code BACKEND}: where the guest accepts connections, when set
 * @param port            {@code LIBVIRT_PORT}: the port on the address {@code virsh domifaddr} finds
 * @param addressSource   {@code LIBVIRT_ADDRESS_SOURCE}: {@code domifaddr --source}
 * @param timeout         {@code LIBVIRT_TIMEOUT}: how long one virsh command may take
 * @param shutdownTimeout {@code LIBVIRT_SHUTDOWN_TIMEOUT}: how long a shutdown may take before destroy
 */
record LibvirtSettings(String uri, String domain, Optional<Endpoint> backend, Optional<Integer> port,
        AddressSource addressSource, Duration timeout, Duration shutdownTimeout) {

    static final Key<String> URI = new Key<>("LIBVIRT_URI", LibvirtSettings::uri);
    static final Key<String> DOMAIN = new Key<>("LIBVIRT_DOMAIN", LibvirtSettings::domain);
    static final Key<Integer> PORT = Key.port("LIBVIRT_PORT");
    static final Key<AddressSource> ADDRESS_SOURCE = Key.choice("LIBVIRT_ADDRESS_SOURCE", AddressSource.class);
    static final Key<Duration> TIMEOUT = Key.seconds("LIBVIRT_TIMEOUT");
    static final Key<Duration> SHUTDOWN_TIMEOUT = Key.seconds("LIBVIRT_SHUTDOWN_TIMEOUT");
    static final Set<Key<?>> KEYS = Set.of(URI, DOMAIN, PORT, ADDRESS_SOURCE, TIMEOUT, SHUTDOWN_TIMEOUT, Key.BACKEND);

    /** virsh's own default as root, and where system-wide guests live; not virsh's LIBVIRT_DEFAULT_URI. */
    static final String DEFAULT_URI = "qemu:///system";
    /** A virsh command's time when LIBVIRT_TIMEOUT is blank or 0: every command is bounded. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** Most guests shut down in seconds; well under systemd's 90 s for stopping the daemon itself. */
    static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(60);

    /** Where {@code virsh domifaddr} looks for the guest's addresses. */
    enum AddressSource {
        /** The DHCP leases of libvirt's own networks (virsh's default). */
        LEASE,
        /** The QEMU guest agent inside the guest. */
        AGENT,
        /** The host's ARP table. */
        ARP
    }

    static LibvirtSettings of(ServiceSettings settings) throws BackendException {
        String domain = settings.get(DOMAIN).orElseThrow(() -> new BackendException(
                DOMAIN + " is required by PROVIDER=libvirt: the domain's name, as 'virsh list --all' shows it"));
        Optional<Endpoint> backend = settings.get(Key.BACKEND);
        Optional<Integer> port = settings.get(PORT);
        if (backend.isPresent() && port.isPresent()) {
            throw new BackendException("BACKEND and " + PORT + " are both set: BACKEND=HOST:PORT says where the guest"
                    + " accepts, " + PORT + " is the port on the address 'virsh domifaddr' finds; set one");
        }
        if (backend.isEmpty() && port.isEmpty()) {
            throw new BackendException(PORT + " (the port the guest serves on, at the address 'virsh domifaddr'"
                    + " finds) or BACKEND=HOST:PORT is required by PROVIDER=libvirt");
        }
        return new LibvirtSettings(settings.get(URI).orElse(DEFAULT_URI), domain, backend, port,
                settings.get(ADDRESS_SOURCE).orElse(AddressSource.LEASE),
                settings.get(TIMEOUT).filter(d -> !d.isZero()).orElse(DEFAULT_TIMEOUT), // 0 would kill every command at once
                settings.get(SHUTDOWN_TIMEOUT).orElse(DEFAULT_SHUTDOWN_TIMEOUT));
    }

    /** Every key with the value in use, defaults included, in the configuration's syntax: for check-config. */
    Map<String, String> inUse() {
        Map<String, String> inUse = new LinkedHashMap<>();
        inUse.put(URI.name(), uri);
        inUse.put(DOMAIN.name(), domain);
        inUse.put("BACKEND", backend.map(Endpoint::toString).orElse(""));
        inUse.put(PORT.name(), port.map(String::valueOf).orElse(""));
        inUse.put(ADDRESS_SOURCE.name(), addressSource.name().toLowerCase(Locale.ROOT));
        inUse.put(TIMEOUT.name(), Long.toString(timeout.toSeconds()));
        inUse.put(SHUTDOWN_TIMEOUT.name(), Long.toString(shutdownTimeout.toSeconds()));
        return inUse;
    }

    /** {@code driver[+transport]://[host]/path[?query]}, or an alias from libvirt.conf: no blanks, no leading '-'. */
    private static String uri(String value) {
        String uri = value.strip();
        if (uri.startsWith("-") || uri.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException("is not a libvirt URI (such as qemu:///system or qemu+ssh://host/system)");
        }
        return uri;
    }

    /** Any name libvirt takes; it goes to virsh after --domain, so even one beginning with '-' is a name. */
    private static String domain(String value) {
        String domain = value.strip();
        if (domain.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("is not a domain name (it has control characters)");
        }
        return domain;
    }
}
