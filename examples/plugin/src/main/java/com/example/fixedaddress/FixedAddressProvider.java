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
    /** Parsed by the daemon before {@code open}: a bad value is reported with its file and line. */
    private static final Key<Endpoint> ADDRESS = new Key<>("FIXED_ADDRESS", FixedAddressProvider::endpoint);
    /** Only its parser is used: the port in the address is read as any port is. */
    private static final Key<Integer> PORT = Key.port("FIXED_ADDRESS");

    @Override
    public String name() {
        return "fixed-address";
    }

    @Override
    public Set<Key<?>> keys() {
        return Set.of(ADDRESS);
    }

    @Override
    public Backend open(ServiceSettings settings) throws BackendException {
        Endpoint endpoint = settings.get(ADDRESS)
                .orElseThrow(() -> new BackendException(ADDRESS + " is required, as \"IP PORT\""));
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

    /** {@code "IP PORT"}; a {@link Key.Parser} says what is wrong with an {@link IllegalArgumentException}. */
    private static Endpoint endpoint(String value) {
        String[] fields = value.strip().split("\\s+");
        if (fields.length != 2) {
            throw new IllegalArgumentException("is not \"IP PORT\"");
        }
        return new Endpoint(fields[0], PORT.parser().parse(fields[1])); // "is not a port number (1-65535)"
    }
}
