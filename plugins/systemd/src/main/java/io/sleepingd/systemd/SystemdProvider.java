package io.sleepingd.systemd;

import io.sleepingd.spi.Backend;
import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.BackendProvider;
import io.sleepingd.spi.Endpoint;
import io.sleepingd.spi.Key;
import io.sleepingd.spi.ServiceSettings;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code PROVIDER=systemd}: the backend is {@code SYSTEMD_UNIT}, one unit or several started in the
 * order written (a database, then the application), of the system manager or, with
 * {@code SYSTEMD_USER=yes}, of the user manager of the service's {@code USER}. systemd already knows
 * how to start, supervise and stop them; the daemon asks it through {@code systemctl} and connects to
 * {@code BACKEND}, which systemd cannot tell.
 */
public final class SystemdProvider implements BackendProvider {
    static final Key<List<String>> UNITS = new Key<>("SYSTEMD_UNIT", SystemdProvider::unitNames);
    static final Key<Boolean> USER_MANAGER = Key.yesNo("SYSTEMD_USER");
    static final Key<Duration> TIMEOUT = Key.seconds("SYSTEMCTL_TIMEOUT");
    /** The unit types systemctl recognises by suffix; any other name is a service's. */
    private static final Set<String> TYPES = Set.of("service", "socket", "target", "mount", "automount", "swap",
            "timer", "path", "slice", "scope", "device");
    /** systemd's own DefaultTimeoutStartSec: a unit systemd has not given up on is still starting. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(90);

    @Override
    public String name() {
        return "systemd";
    }

    @Override
    public Set<Key<?>> keys() {
        return Set.of(UNITS, USER_MANAGER, TIMEOUT, Key.BACKEND);
    }

    @Override
    public Backend open(ServiceSettings settings) throws BackendException {
        List<String> units = settings.get(UNITS).orElseThrow(() -> new BackendException(
                "SYSTEMD_UNIT is required: the unit to start, or several separated by blanks, started in that order"));
        Endpoint backend = settings.get(Key.BACKEND).orElseThrow(() -> new BackendException(
                "BACKEND is required: where the unit accepts connections once started (HOST:PORT)"));
        boolean user = settings.get(USER_MANAGER).orElse(false);
        Duration timeout = settings.get(TIMEOUT).filter(t -> !t.isZero()).orElse(DEFAULT_TIMEOUT);
        return new SystemdBackend(settings.name(), units, backend,
                Systemctl.of(settings.name(), user, timeout, settings.runAs()));
    }

    /**
     * Unit names as systemd writes them ({@code web.service}, {@code app@blue.service}); a name without
     * a suffix is a {@code .service}, as for systemctl. Never an option: a name starting with {@code -}
     * would be one on systemctl's command line.
     */
    static List<String> unitNames(String value) {
        List<String> names = Key.list("SYSTEMD_UNIT").parser().parse(value);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("names no unit");
        }
        for (String name : names) {
            if (!name.matches("[A-Za-z0-9:_.@\\\\][A-Za-z0-9:_.@\\\\-]*") || name.length() > 255) {
                throw new IllegalArgumentException("names '" + name + "', which is not a unit name (letters, digits"
                        + " and :_.@\\- of which the first is not -)");
            }
        }
        return names.stream().map(name -> TYPES.contains(name.substring(name.lastIndexOf('.') + 1)) ? name
                : name + ".service").toList();
    }
}
