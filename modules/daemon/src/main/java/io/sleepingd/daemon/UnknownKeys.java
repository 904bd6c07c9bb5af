package io.sleepingd.daemon;

import io.sleepingd.config.ConfigException;
import io.sleepingd.config.Configuration;
import io.sleepingd.config.UnknownKey;
import io.sleepingd.providers.ProviderCatalog;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;

/**
 * Judges the keys neither the core nor any installed provider or probe reads: a typo such as
 * {@code STRAT_CMD} would otherwise leave a service without its command, silently. They are errors,
 * each with the known key it most likely meant; {@code UNKNOWN_KEYS=warn} makes them warnings, for
 * old files full of keys nothing reads.
 */
final class UnknownKeys {
    private UnknownKeys() {
    }

    /**
     * @throws ConfigException with one {@code FILE:LINE: unknown key K (did you mean L?)} per key,
     *                         unless {@code UNKNOWN_KEYS=warn}, which logs them to {@code log} instead
     */
    static void check(Configuration configuration, ProviderCatalog catalog, Logger log) throws ConfigException {
        // once per service, not per key and service: a thousand services with a hundred keys each add up
        Set<String> claimed = new HashSet<>();
        configuration.services().forEach(service -> claimed.addAll(catalog.claimedKeys(service)));
        List<String> problems = new ArrayList<>();
        for (UnknownKey unknown : configuration.unknownKeys()) {
            if (!claimed.contains(unknown.key())) {
                problems.add(unknown.problem(claimed));
            }
        }
        if (configuration.unknownKeysAreErrors() && !problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        problems.forEach(problem -> log.warn("{}; ignored (UNKNOWN_KEYS=warn)", problem));
    }
}
