package io.sleepingd.systemd;

import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.Command;
import io.sleepingd.spi.CommandResult;
import io.sleepingd.spi.CommandRunner;
import io.sleepingd.spi.RunAs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code systemctl} with an argument list (never a shell) through the SPI's {@link CommandRunner},
 * bounded by {@code SYSTEMCTL_TIMEOUT}, as the service's {@code USER} when set. For user units it adds
 * {@code --user} and the environment systemctl finds the user's manager by, which a daemon started by
 * systemd does not have. Immutable; any thread.
 */
final class Systemctl {
    private static final Logger LOG = LoggerFactory.getLogger(Systemctl.class);

    /** How a systemctl command ended, its standard error as one line. */
    record Result(int status, String out, String err) {
        boolean ok() {
            return status == 0;
        }
    }

    private final String service;
    private final List<String> systemctl;
    private final Map<String, String> environment;
    private final Duration timeout;
    private final Optional<RunAs> runAs;

    private Systemctl(String service, List<String> systemctl, Map<String, String> environment, Duration timeout,
            Optional<RunAs> runAs) {
        this.service = service;
        this.systemctl = systemctl;
        this.environment = environment;
        this.timeout = timeout;
        this.runAs = runAs;
    }

    /**
     * The system manager's systemctl, or with {@code user} the one of the user manager of {@code runAs}
     * (the daemon's own user without one), found at {@code /run/user/UID} as pam_systemd puts it.
     */
    static Systemctl of(String service, boolean user, Duration timeout, Optional<RunAs> runAs) {
        if (!user) {
            return new Systemctl(service, List.of("systemctl", "--no-ask-password"), Map.of(), timeout, runAs);
        }
        int uid = runAs.map(RunAs::uid).orElseGet(RunAs::currentUid);
        String runtime = "/run/user/" + uid;
        return new Systemctl(service, List.of("systemctl", "--user", "--no-ask-password"),
                Map.of("XDG_RUNTIME_DIR", runtime, "DBUS_SESSION_BUS_ADDRESS", "unix:path=" + runtime + "/bus"),
                timeout, runAs);
    }

    /** Whether this is a user manager's systemctl. */
    boolean userManager() {
        return systemctl.contains("--user");
    }

    Duration timeout() {
        return timeout;
    }

    /** Runs {@code systemctl ARGS}; only the failure to run it at all, or in time, is an exception. */
    Result run(String verb, List<String> arguments) throws BackendException {
        List<String> command = new ArrayList<>(systemctl);
        command.add(verb);
        command.addAll(arguments);
        String name = "'systemctl " + verb + "'";
        CommandResult ran = CommandRunner.run(Command.of(name, command, timeout,
                line -> LOG.debug("service '{}': {} says: {}", service, name, line))
                .withEnvironment(environment).withRunAs(runAs).withTimeoutKey("SYSTEMCTL_TIMEOUT"));
        return new Result(ran.exitStatus(), ran.output(), ran.errorLine());
    }
}
