package io.sleepingd.docker;

import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.Command;
import io.sleepingd.spi.CommandResult;
import io.sleepingd.spi.CommandRunner;
import io.sleepingd.spi.RunAs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the docker command line with an argument list (never a shell) through the SPI's
 * {@link CommandRunner}: standard input from {@code /dev/null}, bounded output, {@code DOCKER_TIMEOUT}
 * (after which it is killed with everything it started), as {@code USER} when set; and turns its usual
 * failures into messages that say what is wrong. Immutable; any thread.
 */
final class DockerCli {
    private static final Logger LOG = LoggerFactory.getLogger(DockerCli.class);
    private static final int OUTPUT_LIMIT = 256 * 1024;

    /** How a docker command ended; {@code err} is its standard error as far as it was kept. */
    record Result(int status, String out, String err) {
        /** Nothing to do, nothing run: as a command that succeeded. */
        static final Result OK = new Result(0, "", "");

        boolean ok() {
            return status == 0;
        }

        /** docker's message for a container, image or network that does not exist. */
        boolean noSuchObject() {
            String text = err.toLowerCase(Locale.ROOT);
            return text.contains("no such object") || text.contains("no such container");
        }
    }

    private final String service;
    private final List<String> docker;
    private final Duration timeout;
    private final Optional<RunAs> runAs;

    DockerCli(String service, List<String> docker, Duration timeout, Optional<RunAs> runAs) {
        this.service = service;
        this.docker = List.copyOf(docker);
        this.timeout = timeout;
        this.runAs = runAs;
    }

    /** Runs {@code docker ARGS}; only the failure to run docker at all, or to finish in time, is an exception. */
    Result run(String... args) throws BackendException {
        List<String> command = new ArrayList<>(docker);
        command.addAll(List.of(args));
        String name = "the docker command '" + docker.getFirst() + "' (" + args[0] + ")";
        // docker's standard error is its answer when it fails: kept in the result, logged only when debugging.
        CommandResult ran = CommandRunner.run(Command.of(name, command, timeout,
                line -> LOG.debug("service '{}': {} says: {}", service, name, line))
                .withRunAs(runAs).withOutputLimit(OUTPUT_LIMIT).withTimeoutKey("DOCKER_TIMEOUT"));
        Result result = new Result(ran.exitStatus(), ran.output(), ran.errorLine());
        if (!result.ok() && unreachable(result.err())) {
            throw new BackendException("the docker daemon is unreachable: " + result.err());
        }
        return result;
    }

    /** Runs {@code docker ARGS} and insists that it succeeds. */
    String require(String what, String... args) throws BackendException {
        Result result = run(args);
        if (!result.ok()) {
            throw new BackendException(what + " failed (docker exit status " + result.status() + "): " + result.err());
        }
        return result.out();
    }

    /** docker's words, or podman's when its client has a service to reach ({@code podman --remote}). */
    private static boolean unreachable(String err) {
        return err.contains("Cannot connect to the Docker daemon") || err.contains("Is the docker daemon running")
                || err.contains("error during connect") || err.contains("Cannot connect to Podman");
    }
}
