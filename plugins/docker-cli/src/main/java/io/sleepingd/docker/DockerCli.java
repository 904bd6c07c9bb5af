package io.sleepingd.docker;

import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.RunAs;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the docker command line with an argument list (never a shell), standard input from
 * {@code /dev/null}, bounded output and a timeout, as {@code USER} when set, and turns its usual
 * failures into messages that say what is wrong.
 */
final class DockerCli {
    private static final int OUTPUT_LIMIT = 256 * 1024;

    /** How a docker command ended. */
    record Result(int status, String out, String err) {
        boolean ok() {
            return status == 0;
        }

        /** docker's message for a container, image or network that does not exist. */
        boolean noSuchObject() {
            String text = err.toLowerCase(java.util.Locale.ROOT);
            return text.contains("no such object") || text.contains("no such container");
        }
    }

    private final List<String> docker;
    private final Duration timeout;
    private final Optional<RunAs> runAs;

    DockerCli(List<String> docker, Duration timeout, Optional<RunAs> runAs) {
        this.docker = List.copyOf(docker);
        this.timeout = timeout;
        this.runAs = runAs;
    }

    /** Runs {@code docker ARGS}; only the failure to run docker at all, or to finish in time, is an exception. */
    Result run(String... args) throws BackendException {
        List<String> command = new ArrayList<>(docker);
        command.addAll(List.of(args));
        Process process;
        try {
            process = RunAs.processBuilder(runAs, command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new BackendException("cannot run the docker command '" + docker.getFirst() + "': " + e.getMessage()
                    + " (DOCKER_COMMAND)", e);
        }
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new BackendException("'docker " + String.join(" ", args) + "' did not finish within "
                        + timeout.toSeconds() + " s (DOCKER_TIMEOUT); killed it");
            }
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while running 'docker " + args[0] + "'", e);
        }
        // A child that inherited the pipes (podman's conmon) may keep them open: do not wait for it.
        Result result = new Result(process.exitValue(), out.completeOnTimeout("", 2, TimeUnit.SECONDS).join(),
                err.completeOnTimeout("", 2, TimeUnit.SECONDS).join().strip());
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

    private static boolean unreachable(String err) {
        return err.contains("Cannot connect to the Docker daemon") || err.contains("Is the docker daemon running")
                || err.contains("error during connect");
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (stream) {
                byte[] kept = stream.readNBytes(OUTPUT_LIMIT);
                stream.transferTo(OutputStream.nullOutputStream());
                text.complete(new String(kept, StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.complete("");
            }
        });
        return text;
    }
}
