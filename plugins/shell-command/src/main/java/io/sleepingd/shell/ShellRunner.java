package io.sleepingd.shell;

import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.Command;
import io.sleepingd.spi.CommandResult;
import io.sleepingd.spi.CommandRunner;
import io.sleepingd.spi.RunAs;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one of a service's configured commands: {@code /bin/sh -c COMMAND} through the SPI's
 * {@link CommandRunner} (bounded, killed with everything it started at its timeout), as the service's
 * {@code USER}, keeping the first line of output (the one that may say {@code IP PORT}), with its
 * standard error in the log under the service's name and the command's key. Immutable; any thread.
 */
final class ShellRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ShellRunner.class);

    private final String service;
    private final Optional<RunAs> runAs;

    ShellRunner(String service, Optional<RunAs> runAs) {
        this.service = service;
        this.runAs = runAs;
    }

    CommandResult run(String key, String command, Duration timeout, Map<String, String> environment)
            throws BackendException {
        LOG.debug("service '{}': running {}: {}", service, key, command);
        return CommandRunner.run(Command.shell(key, command, timeout,
                        line -> LOG.info("service '{}': {} says: {}", service, key, line))
                .withRunAs(runAs).withEnvironment(environment).withFirstLineOnly());
    }
}
