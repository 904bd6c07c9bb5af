package io.sleepingd.sshwho;

import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.IdleProbe;
import io.sleepingd.spi.IdleProbeProvider;
import io.sleepingd.spi.Key;
import io.sleepingd.spi.ServiceSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code IDLE_PROBE=ssh-who}: the original README's idle check ("SSH to the VM and issue the command
 * who") as a probe. Keys: {@code SSH_WHO_HOST} (required), {@code SSH_WHO_USER}, {@code SSH_WHO_PORT},
 * {@code SSH_WHO_IDENTITY}, {@code SSH_WHO_KNOWN_HOSTS}, {@code SSH_WHO_TIMEOUT} (seconds, default 10, also for 0),
 * {@code SSH_WHO_COMMAND} (default {@code ssh}).
 */
public final class SshWhoProvider implements IdleProbeProvider {
    static final Key<String> HOST = Key.text("SSH_WHO_HOST");
    static final Key<String> USER = Key.text("SSH_WHO_USER");
    static final Key<Integer> PORT = Key.port("SSH_WHO_PORT");
    static final Key<Path> IDENTITY = Key.absolutePath("SSH_WHO_IDENTITY");
    static final Key<Path> KNOWN_HOSTS = Key.absolutePath("SSH_WHO_KNOWN_HOSTS");
    static final Key<Duration> TIMEOUT = Key.seconds("SSH_WHO_TIMEOUT");
    static final Key<String> COMMAND = Key.text("SSH_WHO_COMMAND");
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    @Override
    public String name() {
        return "ssh-who";
    }

    @Override
    public Set<Key<?>> keys() {
        return Set.of(HOST, USER, PORT, IDENTITY, KNOWN_HOSTS, TIMEOUT, COMMAND);
    }

    @Override
    public IdleProbe open(ServiceSettings settings) throws BackendException {
        String host = settings.get(HOST).orElseThrow(() -> new BackendException(HOST + " is required by IDLE_PROBE=ssh-who"));
        // 0 would be no time at all: like blank, it means the default, since every probe is bounded
        Duration timeout = settings.get(TIMEOUT).filter(seconds -> !seconds.isZero()).orElse(DEFAULT_TIMEOUT);
        List<String> command = new ArrayList<>(List.of(settings.get(COMMAND).orElse("ssh"),
                // never prompt for a password or a host key: a probe that waits for a human is a hang
                "-o", "BatchMode=yes",
                "-o", "ConnectTimeout=" + timeout.toSeconds(),
                "-o", "LogLevel=ERROR"));
        settings.get(PORT).ifPresent(port -> command.addAll(List.of("-p", port.toString())));
        settings.get(IDENTITY).ifPresent(identity -> command.addAll(List.of("-i", identity.toString(),
                "-o", "IdentitiesOnly=yes")));
        settings.get(KNOWN_HOSTS).ifPresent(file -> command.addAll(List.of("-o", "UserKnownHostsFile=" + file,
                "-o", "StrictHostKeyChecking=yes")));
        settings.get(USER).ifPresent(user -> command.addAll(List.of("-l", user)));
        command.addAll(List.of("--", host, "who"));
        Map<String, String> inUse = new LinkedHashMap<>();
        inUse.put(HOST.name(), host);
        inUse.put(USER.name(), settings.get(USER).orElse("")); // ssh's own default: the local user's name
        inUse.put(PORT.name(), settings.get(PORT).map(String::valueOf).orElse("")); // ssh's own default: 22, or ssh_config's
        inUse.put(IDENTITY.name(), settings.get(IDENTITY).map(Path::toString).orElse(""));
        inUse.put(KNOWN_HOSTS.name(), settings.get(KNOWN_HOSTS).map(Path::toString).orElse(""));
        inUse.put(TIMEOUT.name(), Long.toString(timeout.toSeconds()));
        inUse.put(COMMAND.name(), settings.get(COMMAND).orElse("ssh"));
        return new SshWhoProbe(settings.name(), host, command, timeout, settings.runAs(), inUse);
    }
}
