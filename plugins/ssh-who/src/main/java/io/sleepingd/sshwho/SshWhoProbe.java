package io.sleepingd.sshwho;

import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.Command;
import io.sleepingd.spi.CommandResult;
import io.sleepingd.spi.CommandRunner;
import io.sleepingd.spi.IdleProbe;
import io.sleepingd.spi.Idleness;
import io.sleepingd.spi.RunAs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code ssh HOST who} through the SPI's {@link CommandRunner} (bounded, killed with everything it
 * started when it does not answer): idle when it succeeds and prints nobody. Anything else, an
 * unreachable host above all, counts as busy: never put to sleep a machine we cannot see. Immutable;
 * called from the idle monitor's thread.
 */
final class SshWhoProbe implements IdleProbe {
    private static final Logger LOG = LoggerFactory.getLogger(SshWhoProbe.class);
    /** ssh's own exit status for its failures (connection, authentication, host key). */
    private static final int SSH_FAILED = 255;
    /** Beyond ssh's ConnectTimeout: the time {@code who} takes to answer once connected. */
    private static final Duration ANSWER_TIME = Duration.ofSeconds(1);

    private final String service;
    private final String host;
    private final List<String> command;
    private final Duration timeout;
    private final Optional<RunAs> runAs;
    private final Map<String, String> settingsInUse;

    SshWhoProbe(String service, String host, List<String> command, Duration timeout, Optional<RunAs> runAs,
            Map<String, String> settingsInUse) {
        this.service = service;
        this.host = host;
        this.command = List.copyOf(command);
        this.timeout = timeout;
        this.runAs = runAs;
        this.settingsInUse = settingsInUse;
    }

    @Override
    public Map<String, String> settingsInUse() {
        return settingsInUse;
    }

    List<String> command() {
        return command;
    }

    @Override
    public boolean isIdle() {
        return idleness() instanceof Idleness.Idle;
    }

    /** Busy while someone is logged in (named), or while the host cannot be asked. */
    @Override
    public Idleness idleness() {
        CommandResult result;
        try {
            // Like every command of a service with USER: as that user, or not at all.
            result = CommandRunner.run(Command.of("'ssh " + host + " who'", command, timeout.plus(ANSWER_TIME),
                    line -> LOG.debug("service '{}': ssh-who: ssh says: {}", service, line)).withRunAs(runAs));
        } catch (BackendException e) {
            LOG.warn("service '{}': ssh-who: {}; counting {} as busy", service, e.getMessage(), host);
            return new Idleness.Busy("ssh-who could not ask " + host);
        }
        int status = result.exitStatus();
        if (status != 0) {
            LOG.warn("service '{}': ssh-who {} {} (exit status {}): {}; counting it as busy", service,
                    status == SSH_FAILED ? "cannot reach" : "failed on", host, status, result.errorText());
            return new Idleness.Busy("ssh-who " + (status == SSH_FAILED ? "cannot reach " : "failed on ") + host);
        }
        String users = result.output().strip();
        if (users.isEmpty()) {
            return new Idleness.Idle();
        }
        LOG.debug("service '{}': ssh-who: logged in on {}: {}", service, host, users.replace('\n', ';'));
        return new Idleness.Busy("logged in on " + host + ": " + users.lines().map(line -> line.split("\\s+")[0])
                .distinct().collect(Collectors.joining(", ")));
    }
}
