package io.sleepingd.spi;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one way providers and probes run a process, so that every command is bounded alike: standard
 * input from {@code /dev/null} (never a client's socket), standard output kept up to a limit, standard
 * error to a log in bounded lines, as the service's {@code USER} or not at all, and a timeout that kills
 * the command with every process it started (see {@link Command} for the parameters). An interrupt of
 * the calling thread kills them all too. A start that fails because this machine ran short of
 * descriptors, processes or memory is a {@link LocalResourceException} with a one-line message.
 *
 * <p>{@link #run} blocks the calling thread until the command has exited and its output has arrived;
 * two platform threads read the command's pipes, the one for standard error until it ends (a background
 * child may hold it after the command has exited) and calling the command's error log.
 */
public final class CommandRunner {
    private static final File DEV_NULL = new File("/dev/null");
    /**
     * How long, after the command has exited, the output it wrote may take to be read: normally an
     * instant, but a background child holding the pipe (a backend the command started) would make us
     * wait for its end forever.
     */
    private static final Duration OUTPUT_GRACE = Duration.ofSeconds(1);

    private CommandRunner() {
    }

    /**
     * Runs {@code command} to its end, or kills it (and everything it started) at its timeout.
     *
     * @throws CommandTimeoutException when the timeout passed
     * @throws LocalResourceException  when this machine had no descriptor, process or memory to start it
     * @throws BackendException        when it cannot be run, or the calling thread was interrupted (the
     *                                 interrupt status is then set again)
     */
    public static CommandResult run(Command command) throws BackendException {
        ProcessTree tree = new ProcessTree();
        ProcessBuilder builder = RunAs.processBuilder(command.runAs(), command.argv())
                .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL));
        builder.command(ProcessTree.inOwnSession(builder.command()));
        builder.environment().putAll(command.environment());
        builder.environment().putAll(tree.environment());
        requireExecutable(command, builder.environment().get("PATH"));
        Process process = start(command, builder);
        OutputReader output = new OutputReader(command);
        output.start(process.getInputStream(), "stdout-" + command.name());
        ErrorLines errors = new ErrorLines(command.errorLog());
        errors.start(process.getErrorStream(), "stderr-" + command.name());
        try {
            if (!process.waitFor(command.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
                String unkilled = unkilled(tree.killAll(process));
                throw new CommandTimeoutException(command.name() + " did not finish within "
                        + shown(command.timeout()) + "; killed it and its child processes" + unkilled
                        + command.timeoutKey().map(key -> " (" + key + ")").orElse(""));
            }
            awaitOutput(command.output() == Command.Output.FIRST_LINE ? output.firstLine()
                    : CompletableFuture.allOf(output.end(), errors.end()));
        } catch (InterruptedException e) {
            String unkilled = unkilled(tree.killAll(process));
            Thread.currentThread().interrupt();
            throw new BackendException(command.name() + " was interrupted; killed it and every process it started"
                    + unkilled, e);
        }
        Optional<IOException> unread = output.failure();
        if (unread.isPresent()) {
            throw new BackendException("the output of " + command.name() + " could not be read: "
                    + unread.get().getMessage(), unread.get());
        }
        return new CommandResult(process.exitValue(), output.text(), output.firstLineTerminated(), errors.lines());
    }

    /**
     * Java's own message for a missing program would name setsid or setpriv, which run it, and come only
     * as their exit status: look for it first, as {@code execvp} will.
     */
    private static void requireExecutable(Command command, String path) throws BackendException {
        String program = command.argv().getFirst();
        if (program.contains("/")) {
            if (!executable(program)) {
                throw new BackendException("cannot run " + command.name() + ": '" + program
                        + "' is not an executable file");
            }
        } else if (path == null || Arrays.stream(path.split(":", -1))
                .noneMatch(dir -> executable((dir.isEmpty() ? "." : dir) + "/" + program))) {
            throw new BackendException("cannot run " + command.name() + ": no executable '" + program
                    + "' on PATH (" + path + ")");
        }
    }

    private static boolean executable(String file) {
        try {
            Path path = Path.of(file);
            return Files.isRegularFile(path) && Files.isExecutable(path);
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static Process start(Command command, ProcessBuilder builder) throws BackendException {
        // Refused before trying: the JDK's failure path for a start with a few descriptors left was seen
        // to close a descriptor it did not open, and once to crash the JVM.
        Optional<String> few = Descriptors.shortage();
        if (few.isPresent()) {
            throw new LocalResourceException("cannot run " + command.name() + ": " + few.get());
        }
        try {
            return builder.start();
        } catch (IOException e) {
            Optional<String> shortage = LocalResourceException.shortageIn(e).or(Descriptors::shortage);
            if (shortage.isPresent()) {
                throw new LocalResourceException("cannot run " + command.name() + ": " + shortage.get(), e);
            }
            String message = String.valueOf(e.getMessage());
            throw new BackendException("cannot run " + command.name() + ": "
                    + message.lines().findFirst().orElse(message).strip(), e);
        }
    }

    /** Waits at most {@link #OUTPUT_GRACE} for {@code ready}. */
    private static void awaitOutput(CompletableFuture<Void> ready) throws InterruptedException {
        try {
            ready.get(OUTPUT_GRACE.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // A background child holds the pipe: the result is what has arrived by now.
        } catch (ExecutionException e) {
            throw new IllegalStateException("a pipe reader failed", e); // they complete normally, always
        }
    }

    private static String unkilled(Optional<String> problem) {
        return problem.map(text -> " (" + text + ")").orElse("");
    }

    private static String shown(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }
}
