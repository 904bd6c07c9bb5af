package io.sleepingd.spi;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One command for {@link CommandRunner}: everything a provider or probe says about a process it runs,
 * so that none can forget a bound. A value: build it with {@link #of} and the {@code with...} methods.
 *
 * @param name        how messages name the command: a configuration key ({@code START_CMD}) or the
 *                    command line in short ({@code 'ssh host who'})
 * @param argv        the program and its arguments; no shell unless {@code argv} runs one
 * @param runAs       the service's {@code USER}: see {@link RunAs#processBuilder}
 * @param environment added to the daemon's own environment
 * @param timeout     after this the command and every process it started are killed; every command
 *                    has one
 * @param timeoutKey  the configuration key that sets {@code timeout}, which the timeout's message names
 *                    ({@code DOCKER_TIMEOUT}), so that the user knows what to raise
 * @param outputLimit how many bytes of standard output are kept; the rest is read and dropped
 * @param output      what of the output the result waits for once the command has exited
 * @param errorLog    receives standard error line by line, each line cut at 1000 bytes, at most 100
 *                    lines a run and then one line counting the rest; called on a reader thread, also
 *                    after {@link CommandRunner#run} has returned when a background child holds the pipe
 */
public record Command(String name, List<String> argv, Optional<RunAs> runAs, Map<String, String> environment,
        Duration timeout, Optional<String> timeoutKey, int outputLimit, Output output, Consumer<String> errorLog) {

    /** Far more than an {@code IP PORT} line or a {@code docker inspect} answer. */
    public static final int DEFAULT_OUTPUT_LIMIT = 64 * 1024;

    /** What of a command's output its result waits for after it has exited (at most 1 s). */
    public enum Output {
        /**
         * The first line of standard output, kept alone. A command may leave a background child holding
         * the pipe (a backend it started), so the result does not wait for the end of the output.
         */
        FIRST_LINE,
        /** All of standard output and standard error, until both end. */
        COMPLETE
    }

    public Command {
        Objects.requireNonNull(name, "name");
        argv = List.copyOf(argv);
        Objects.requireNonNull(runAs, "runAs");
        environment = Map.copyOf(environment);
        Objects.requireNonNull(timeoutKey, "timeoutKey");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(errorLog, "errorLog");
        if (argv.isEmpty()) {
            throw new IllegalArgumentException(name + ": no program to run");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(name + ": the timeout must be positive, not " + timeout);
        }
        if (outputLimit < 1) {
            throw new IllegalArgumentException(name + ": the output limit must be positive, not " + outputLimit);
        }
    }

    /** {@code argv} as the daemon's user, with nothing added to the environment, keeping its complete output. */
    public static Command of(String name, List<String> argv, Duration timeout, Consumer<String> errorLog) {
        return new Command(name, argv, Optional.empty(), Map.of(), timeout, Optional.empty(), DEFAULT_OUTPUT_LIMIT,
                Output.COMPLETE,
                errorLog);
    }

    /**
     * {@code /bin/sh -c COMMAND}: a command the configuration wrote (START_CMD, ON_EVENT_CMD), as the
     * daemon's user until {@link #withRunAs}, under {@code name} (the key) in messages.
     */
    public static Command shell(String name, String command, Duration timeout, Consumer<String> errorLog) {
        return of(name, List.of("/bin/sh", "-c", command), timeout, errorLog);
    }

    /** The same command as the service's {@code USER}, if there is one. */
    public Command withRunAs(Optional<RunAs> user) {
        return new Command(name, argv, user, environment, timeout, timeoutKey, outputLimit, output, errorLog);
    }

    /** The same command with {@code additions} in its environment. */
    public Command withEnvironment(Map<String, String> additions) {
        return new Command(name, argv, runAs, additions, timeout, timeoutKey, outputLimit, output, errorLog);
    }

    /** The same command, its timeout set by {@code key}: the timeout's message names it. */
    public Command withTimeoutKey(String key) {
        return new Command(name, argv, runAs, environment, timeout, Optional.of(key), outputLimit, output, errorLog);
    }

    /** The same command keeping at most {@code bytes} of standard output. */
    public Command withOutputLimit(int bytes) {
        return new Command(name, argv, runAs, environment, timeout, timeoutKey, bytes, output, errorLog);
    }

    /** The same command keeping only the first line of standard output: see {@link Output#FIRST_LINE}. */
    public Command withFirstLineOnly() {
        return new Command(name, argv, runAs, environment, timeout, timeoutKey, outputLimit, Output.FIRST_LINE, errorLog);
    }
}
