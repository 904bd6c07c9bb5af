package io.sleepingd.sshwho;

import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.IdleProbe;
import io.sleepingd.spi.IdleProbeProvider;
import io.sleepingd.spi.ServiceSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code IDLE_PROBE=ssh-who}: the original README's idle check ("SSH to the VM and issue the command
 * who") as a probe. Keys: {@code SSH_WHO_HOST} (required), {@code SSH_WHO_USER}, {@code SSH_WHO_PORT},
 * {@code SSH_WHO_IDENTITY}, {@code SSH_WHO_KNOWN_HOSTS}, {@code SSH_WHO_TIMEOUT} (seconds, default 10, also for 0),
 * {@code SSH_WHO_COMMAND} (default {@code ssh}).
 */
public final class SshWhoProvider implements IdleProbeProvider {
    static final String HOST = "SSH_WHO_HOST";
    static final String USER = "SSH_WHO_USER";
    static final String PORT = "SSH_WHO_PORT";
    static final String IDENTITY = "SSH_WHO_IDENTITY";
    static final String KNOWN_HOSTS = "SSH_WHO_KNOWN_HOSTS";
    static final String TIMEOUT = "SSH_WHO_TIMEOUT";
    static final String COMMAND = "SSH_WHO_COMMAND";
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    @Override
    public String name() {
        return "ssh-who";
    }

    @Override
    public Set<String> keys() {
        return Set.of(HOST, USER, PORT, IDENTITY, KNOWN_HOSTS, TIMEOUT, COMMAND);
    }

    @Override
    public IdleProbe open(ServiceSettings settings) throws BackendException {
        String host = settings.value(HOST).orElseThrow(() -> new BackendException(HOST + " is required by IDLE_PROBE=ssh-who"));
        // 0 would be no time at all: like blank, it means the default, since every probe is bounded
        Duration timeout = number(settings, TIMEOUT).filter(seconds -> seconds > 0).map(Duration::ofSeconds)
                .orElse(DEFAULT_TIMEOUT);
        List<String> command = new ArrayList<>(List.of(settings.value(COMMAND).orElse("ssh"),
                // never prompt for a password or a host key: a probe that waits for a human is a hang
                "-o", "BatchMode=yes",
                "-o", "ConnectTimeout=" + timeout.toSeconds(),
                "-o", "LogLevel=ERROR"));
        Optional<Long> port = number(settings, PORT);
        if (port.isPresent()) {
            if (port.get() < 1 || port.get() > 65535) {
                throw new BackendException(PORT + " '" + port.get() + "' is not a port number (1-65535)");
            }
            command.addAll(List.of("-p", port.get().toString()));
        }
        for (String key : List.of(IDENTITY, KNOWN_HOSTS)) {
            Optional<String> path = settings.value(key);
            if (path.isPresent() && !Path.of(path.get()).isAbsolute()) {
                throw new BackendException(key + " '" + path.get() + "' is not an absolute path");
            }
        }
        settings.value(IDENTITY).ifPresent(identity -> command.addAll(List.of("-i", identity, "-o", "IdentitiesOnly=yes")));
        settings.value(KNOWN_HOSTS).ifPresent(file -> command.addAll(List.of("-o", "UserKnownHostsFile=" + file,
                "-o", "StrictHostKeyChecking=yes")));
        settings.value(USER).ifPresent(user -> command.addAll(List.of("-l", user)));
        command.addAll(List.of("--", host, "who"));
        return new SshWhoProbe(settings.name(), host, command, timeout, settings.runAs());
    }

    private static Optional<Long> number(ServiceSettings settings, String key) throws BackendException {
        Optional<String> value = settings.value(key);
        if (value.isPresent() && !value.get().matches("\\d{1,9}")) {
            throw new BackendException(key + " '" + value.get() + "' is not a whole number");
        }
        return value.map(Long::parseLong);
    }
}
