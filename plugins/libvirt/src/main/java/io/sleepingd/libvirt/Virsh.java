package io.sleepingd.libvirt;

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
 * Runs {@code virsh --connect URI COMMAND --domain NAME ...} for one domain through the SPI's
 * {@link CommandRunner}: an argument list (never a shell), {@code LIBVIRT_TIMEOUT}, as {@code USER}
 * when set, in the C locale so that its answers ("shut off") are the words the provider reads; and
 * turns a failure into a message with the command, its exit status and what virsh said. Immutable;
 * any thread.
 */
final class Virsh {
    private static final Logger LOG = LoggerFactory.getLogger(Virsh.class);
    /** virsh's first lines of standard error are its message; more would not fit a log line. */
    private static final int ERROR_LINES = 3;

    /** How a virsh command ended; {@code error} is its standard error in one line. */
    record Result(String command, int status, String output, String error) {
        boolean ok() {
            return status == 0;
        }

        /** A message for a command that failed, as the log and {@code status} show it. */
        String failure() {
            return "'" + command + "' failed (exit status " + status + ")" + (error.isEmpty() ? "" : ": " + error);
        }
    }

    private final String service;
    private final String uri;
    private final String domain;
    private final Duration timeout;
    private final Optional<RunAs> runAs;

    Virsh(String service, String uri, String domain, Duration timeout, Optional<RunAs> runAs) {
        this.service = service;
        this.uri = uri;
        this.domain = domain;
        this.timeout = timeout;
        this.runAs = runAs;
    }

    /** Runs {@code virsh COMMAND --domain DOMAIN EXTRA}; only a virsh that cannot run or finish in time throws. */
    Result run(String command, String... extra) throws BackendException {
        List<String> argv = new ArrayList<>(List.of("virsh", "--connect", uri, command, "--domain", domain));
        argv.addAll(List.of(extra));
        String name = "virsh " + command + " " + domain;
        CommandResult ran = CommandRunner.run(Command.of("'" + name + "'", argv, timeout,
                line -> LOG.debug("service '{}': '{}' says: {}", service, name, line))
                .withRunAs(runAs).withEnvironment(Map.of("LC_ALL", "C")).withTimeoutKey("LIBVIRT_TIMEOUT"));
        return new Result(name, ran.exitStatus(), ran.output(), firstLines(ran.errorText()));
    }

    /** Runs the command and insists that it succeeds; returns its output. */
    String require(String command, String... extra) throws BackendException {
        Result result = run(command, extra);
        if (!result.ok()) {
            throw new BackendException(result.failure());
        }
        return result.output();
    }

    /** The domain's state now. */
    DomainState state() throws BackendException {
        String output = require("domstate");
        try {
            return DomainState.parse(output);
        } catch (IllegalArgumentException e) {
            throw new BackendException(e.getMessage() + " (domain " + domain + ")");
        }
    }

    /**
     * virsh's message in one line: its first non-blank lines ("error: Failed to start domain 'web'",
     * then the reason), joined, since a log line must stay one line.
     */
    static String firstLines(String text) {
        return String.join(" / ", text.strip().lines().map(String::strip).filter(line -> !line.isEmpty())
                .limit(ERROR_LINES).toList());
    }
}
