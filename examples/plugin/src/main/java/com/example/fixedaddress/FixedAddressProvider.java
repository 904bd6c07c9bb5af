package com.example.fixedaddress;

import io.sleepingd.spi.Backend;
import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.BackendProvider;
import io.sleepingd.spi.CheckResult;
import io.sleepingd.spi.Endpoint;
import io.sleepingd.spi.Key;
import io.sleepingd.spi.ServiceSettings;
import io.sleepingd.spi.Trigger;
import java.util.Set;

/**
 * The smallest useful provider: {@code PROVIDER=fixed-address} wakes a backend that is always at
 * {@code FIXED_ADDRESS="IP PORT"} (for example one that systemd socket-activates by itself).
 */
public final class FixedAddressProvider implements BackendProvider {
    private static final Key KEY = new Key("FIXED_ADDRESS");

    @Override
    public String name() {
        return "fixed-address";
    }

    @Override
    public Set<String> keys() {
        return Set.of(KEY.name());
    }

    @Override
    public Backend open(ServiceSettings settings) throws BackendException {
        String address = settings.text(KEY)
                .orElseThrow(() -> new BackendException(KEY + " is required, as \"IP PORT\""));
        String[] fields = address.strip().split("\\s+");
        if (fields.length != 2 || !fields[1].matches("\\d{1,5}")) {
            throw new BackendException(KEY + " must be \"IP PORT\", not '" + address + "'");
        }
        Endpoint endpoint = new Endpoint(fields[0], Integer.parseInt(fields[1]));
        return new Backend() {
            @Override
            public CheckResult check(Trigger trigger) {
                return new CheckResult.NotRunning();
            }

            @Override
            public Endpoint start(Trigger trigger) {
                return endpoint;
            }

            @Override
            public void stop() {
                // Nothing to stop: the backend is managed elsewhere.
            }
        };
    }
}
