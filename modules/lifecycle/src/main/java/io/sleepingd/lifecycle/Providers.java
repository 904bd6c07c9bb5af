package io.sleepingd.lifecycle;

import io.sleepingd.config.ConfigException;
import io.sleepingd.config.ServiceConfig;
import io.sleepingd.spi.Backend;
import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.BackendProvider;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The backend providers found with {@link ServiceLoader}, by the name services select them with. */
public final class Providers {
    private final Map<String, BackendProvider> byName;

    private Providers(Map<String, BackendProvider> byName) {
        this.byName = byName;
    }

    /** The providers in the boot layer (the modules shipped with the daemon). */
    public static Providers discover() throws ConfigException {
        Map<String, BackendProvider> byName = new TreeMap<>();
        for (BackendProvider provider : ServiceLoader.load(BackendProvider.class)) {
            BackendProvider other = byName.putIfAbsent(provider.name(), provider);
            if (other != null) {
                throw new ConfigException("two providers are named '" + provider.name() + "': "
                        + other.getClass().getModule().getName() + " and " + provider.getClass().getModule().getName());
            }
        }
        return new Providers(byName);
    }

    /** Opens the backend of one service; the message of any failure names the service and its line. */
    public Backend open(ServiceConfig service) throws ConfigException {
        BackendProvider provider = byName.get(service.provider());
        if (provider == null) {
            throw new ConfigException(service.origin() + ": service '" + service.name() + "': PROVIDER '"
                    + service.provider() + "' is not installed (installed: " + String.join(", ", byName.keySet()) + ")");
        }
        try {
            return provider.open(service.settings());
        } catch (BackendException | RuntimeException e) {
            throw new ConfigException(service.origin() + ": service '" + service.name() + "': " + e.getMessage());
        }
    }
}
