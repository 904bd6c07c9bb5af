package io.sleepingd.daemon;

import io.sleepingd.config.ConfigException;
import io.sleepingd.config.Configuration;
import io.sleepingd.config.ServiceConfig;
import io.sleepingd.spi.RunAs;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses, before anything starts, a configuration whose {@code USER} the daemon could not become:
 * the hardened systemd unit runs it as its own unprivileged user, and a service with another
 * {@code USER} would otherwise fail at its first wake, long after the administrator left.
 */
final class UserSwitching {
    private UserSwitching() {
    }

    /** @throws ConfigException with one {@code FILE:LINE} problem per service whose USER is out of reach */
    static void check(Configuration configuration) throws ConfigException {
        int us = RunAs.currentUid();
        List<String> problems = new ArrayList<>();
        for (ServiceConfig service : configuration.activeServices()) {
            if (service.runAs().isPresent() && service.runAs().get().uid() != us && !RunAs.canSwitchUsers()) {
                problems.add(service.origins().getOrDefault("USER", service.origin()) + ": service '" + service.name()
                        + "': USER '" + service.runAs().get().name() + "' is out of reach: " + RunAs.whyNoSwitching());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }
}
