package io.sleepingd.sshwho;

import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.IdleProbe;
import io.sleepingd.spi.IdleProbeProvider;
import io.sleepingd.spi.Key;
import io.sleepingd.spi.ServiceSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code IDLE_PROBE=ssh-who}: the original README's idle check ("SSH to the VM and issue the command
 * who") as a probe. Keys: {@code SSH_WHO_HOST} (required), {@code SSH_WHO_USER}, {@code SSH_WHO_PORT},
 * {@code SSH_WHO_IDENTITY}, {@code SSH_WHO_KNOWN_HOSTS}, {@code SSH_WHO_TIMEOUT} (seconds, default 10, also for 0),
 * {@code SSH_WHO_COMMAND} (default {@code ssh}).
 */
public final class SshWhoProvider implements IdleProbeProvider {
    static final Key HOST = new Key("SSH_WHO_HOST");
    static final Key USER = new Key("SSH_WHO_USER");
    static final Key PORT = new Key("SSH_WHO_PORT");
    static final Key IDENTITY = new Key("SSH_WHO_IDENTITY");
    static final Key KNOWN_HOSTS = new Key("SSH_WHO_KNOWN_HOSTS");
    static final Key TIMEOUT = new Key("SSH_WHO_TIMEOUT");
    static final Key COMMAND = new Key("SSH_WHO_COMMAND");
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    @Override
    public String name() {
        return "ssh-who";
    }

    @Override
    public Set<String> keys() {
        return Stream.of(HOST, USER, PORT, IDENTITY, KNOWN_HOSTS, TIMEOUT, COMMAND).map(Key::name)
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public IdleProbe open(ServiceSettings settings) throws BackendException {
        String host = settings.text(HOST).orElseThrow(() -> new BackendException(HOST + " is required by IDLE_PROBE=ssh-who"));
        // 0 would be no time at all: like blank, it means the default, since every probe is bounded
        Duration timeout = settings.number(TIMEOUT).filter(seconds -> seconds > 0).map(Duration::ofSeconds)
                .orElse(DEFAULT_TIMEOUT);
        List<String> command = new ArrayList<>(List.of(settings.text(COMMAND).orElse("ssh"),
                // never prompt for a password or a host key: a probe that waits for a human is a hang
                "-o", "BatchMode=yes",
                "-o", "ConnectTimeout=" + timeout.toSeconds(),
                "-o", "LogLevel=ERROR"));
        Optional<Integer> port = settings.number(PORT);
        if (port.isPresent()) {
            if (port.get() < 1 || port.get() > 65535) {
                throw new BackendException(PORT + " '" + port.get() + "' is not a port number (1-65535)");
            }
            command.addAll(List.of("-p", port.get().toString()));
        }
        for (Key key : List.of(IDENTITY, KNOWN_HOSTS)) {
            Optional<String> path = settings.text(key);
            if (path.isPresent() && !Path.of(path.get()).isAbsolute()) {
                throw new BackendException(key + " '" + path.get() + "' is not an absolute path");
            }
        }
        settings.text(IDENTITY).ifPresent(identity -> command.addAll(List.of("-i", identity, "-o", "IdentitiesOnly=yes")));
        settings.text(KNOWN_HOSTS).ifPresent(file -> command.addAll(List.of("-o", "UserKnownHostsFile=" + file,
                "-o", "StrictHostKeyChecking=yes")));
        settings.text(USER).ifPresent(user -> command.addAll(List.of("-l", user)));
        command.addAll(List.of("--", host, "who"));
        return new SshWhoProbe(settings.name(), host, command, timeout, settings.runAs());
    }
}
