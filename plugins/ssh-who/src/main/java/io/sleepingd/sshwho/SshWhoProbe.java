package io.sleepingd.sshwho;

import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.RunAs;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code ssh HOST who}: idle when it succeeds and prints nobody. Anything else, an unreachable
 * host above all, counts as busy: never put to sleep a machine we cannot see.
 */
final class SshWhoProbe implements io.sleepingd.spi.IdleProbe {
    private static final Logger LOG = LoggerFactory.getLogger(SshWhoProbe.class);
    /** ssh's own exit status for its failures (connection, authentication, host key). */
    private static final int SSH_FAILED = 255;
    private static final int OUTPUT_LIMIT = 64 * 1024;

    private final String service;
    private final String host;
    private final List<String> command;
    private final Duration timeout;
    private final Optional<RunAs> runAs;

    SshWhoProbe(String service, String host, List<String> command, Duration timeout, Optional<RunAs> runAs) {
        this.service = service;
        this.host = host;
        this.command = List.copyOf(command);
        this.timeout = timeout;
        this.runAs = runAs;
    }

    List<String> command() {
        return command;
    }

    @Override
    public boolean isIdle() throws BackendException {
        Process process;
        try {
            // Like every command of a service with USER: as that user, or not at all.
            process = RunAs.processBuilder(runAs, command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            LOG.warn("service '{}': ssh-who cannot run {}: {}; counting {} as busy", service, command.getFirst(),
                    e.getMessage(), host);
            return false;
        }
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                LOG.warn("service '{}': ssh-who got no answer from {} within {} s; counting it as busy", service, host,
                        timeout.toSeconds());
                return false;
            }
            // An ssh ControlPersist master may inherit the pipes: do not wait for their end.
            String users = out.completeOnTimeout("", 2, TimeUnit.SECONDS).join().strip();
            int status = process.exitValue();
            if (status != 0) {
                LOG.warn("service '{}': ssh-who {} {} (exit status {}): {}; counting it as busy", service,
                        status == SSH_FAILED ? "cannot reach" : "failed on", host, status,
                        err.completeOnTimeout("", 2, TimeUnit.SECONDS).join().strip());
                return false;
            }
            if (!users.isEmpty()) {
                LOG.debug("service '{}': ssh-who: logged in on {}: {}", service, host, users.replace('\n', ';'));
            }
            return users.isEmpty();
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (stream) {
                byte[] kept = stream.readNBytes(OUTPUT_LIMIT);
                stream.transferTo(java.io.OutputStream.nullOutputStream());
                text.complete(new String(kept, StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.complete("");
            }
        });
        return text;
    }
}
