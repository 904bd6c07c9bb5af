package io.sleepingd.shell;

import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.RunAs;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one configured command the safe way: {@code /bin/sh -c} with standard input from
 * {@code /dev/null} (never the client's socket), standard output read with a size bound, standard
 * error into the log, the timeout enforced on the whole process tree, and as {@code USER} or not at all.
 */
final class CommandRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);
    private static final File DEV_NULL = new File("/dev/null");
    /**
     * A command may leave a background child holding its standard output (the original's nc example
     * does); after the command exits we wait this long for its first line, not for end of file.
     */
    private static final Duration OUTPUT_GRACE = Duration.ofSeconds(1);

    private final String service;
    private final Optional<RunAs> runAs;

    CommandRunner(String service, Optional<RunAs> runAs) {
        this.service = service;
        this.runAs = runAs;
    }

    CommandResult run(String key, String command, Optional<Duration> timeout, Map<String, String> environment)
            throws BackendException {
        ProcessBuilder builder = RunAs.processBuilder(runAs, List.of("/bin/sh", "-c", command))
                .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL));
        builder.environment().putAll(environment);
        LOG.debug("service '{}': running {}: {}", service, key, command);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new BackendException(key + " could not be started: " + e.getMessage(), e);
        }
        FirstLineReader stdout = FirstLineReader.start(process.getInputStream());
        Thread.ofVirtual().name("stderr-" + key).start(() -> logStandardError(key, process));
        try {
            if (timeout.isEmpty()) {
                process.waitFor();
            } else if (!process.waitFor(timeout.get().toMillis(), TimeUnit.MILLISECONDS)) {
                killTree(process);
                throw new CommandTimeoutException(key + " did not finish within " + timeout.get().toSeconds()
                        + " s; killed it and its child processes");
            }
            stdout.awaitFirstLine(OUTPUT_GRACE);
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw new BackendException(key + " was interrupted (daemon stopping); killed it", e);
        }
        return new CommandResult(key, process.exitValue(), stdout.firstLine(), stdout.lineTerminated());
    }

    private void logStandardError(String key, Process process) {
        try (var reader = process.errorReader()) {
            String line;
            while ((line = reader.readLine()) != null) {
                LOG.info("service '{}': {} says: {}", service, key,
                        line.length() > 1000 ? line.substring(0, 1000) + "..." : line);
            }
        } catch (IOException e) {
            LOG.warn("service '{}': lost {}'s standard error: {}", service, key, e.getMessage());
        }
    }

    /** Children first found, then killed: once the parent dies they can no longer be found. */
    private static void killTree(Process process) {
        for (int round = 0; round < 5; round++) {
            List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
            tree.add(process.toHandle());
            tree.forEach(ProcessHandle::destroyForcibly);
            if (process.descendants().findAny().isEmpty()) {
                break;
            }
        }
    }
}
