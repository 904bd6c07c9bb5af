package io.sleepingd.docker;

import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.Key;
import io.sleepingd.spi.ServiceSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A docker service's keys, validated.
 *
 * @param members     {@code DOCKER_CONTAINERS}: the pool, in order
 * @param image       {@code DOCKER_IMAGE}: creates a member that does not exist
 * @param createArgs  {@code DOCKER_CREATE_OPTIONS}: options of {@code docker create}
 * @param command     {@code DOCKER_CREATE_COMMAND}: the container's command, after the image
 * @param address     {@code DOCKER_ADDRESS}: how to find where a member listens
 * @param ephemeral   {@code DOCKER_EPHEMERAL}: remove members when idle instead of stopping them
 * @param balance     {@code DOCKER_BALANCE}: which member a connection goes to
 */
record DockerSettings(List<String> dockerCommand, List<Member> members, Optional<String> image,
        List<String> createArgs, List<String> command, AddressMode address, boolean ephemeral, Balance balance,
        Duration timeout, int stopTimeout) {

    static final Key COMMAND = new Key("DOCKER_COMMAND");
    static final Key CONTAINERS = new Key("DOCKER_CONTAINERS");
    static final Key PORT = new Key("DOCKER_PORT");
    static final Key IMAGE = new Key("DOCKER_IMAGE");
    static final Key CREATE_OPTIONS = new Key("DOCKER_CREATE_OPTIONS");
    static final Key CREATE_COMMAND = new Key("DOCKER_CREATE_COMMAND");
    static final Key ADDRESS = new Key("DOCKER_ADDRESS");
    static final Key EPHEMERAL = new Key("DOCKER_EPHEMERAL");
    static final Key BALANCE = new Key("DOCKER_BALANCE");
    static final Key TIMEOUT = new Key("DOCKER_TIMEOUT");
    static final Key STOP_TIMEOUT = new Key("DOCKER_STOP_TIMEOUT");
    /** A docker command's time when DOCKER_TIMEOUT is blank or 0: every command is bounded. */
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);
    /** {@code docker stop --time} takes an int. */
    private static final long MAX_SECONDS = 999_999_999;
    static final Set<String> KEYS = Stream.of(COMMAND, CONTAINERS, PORT, IMAGE, CREATE_OPTIONS, CREATE_COMMAND, ADDRESS,
            EPHEMERAL, BALANCE, TIMEOUT, STOP_TIMEOUT).map(Key::name).collect(Collectors.toUnmodifiableSet());

    /** A pool member: a container name and the port it serves on. */
    record Member(String name, int port) {
    }

    /** Where to connect to a running member. */
    enum AddressMode {
        /** The host network if the container uses it, else a published port, else the container's own address. */
        AUTO,
        /** 127.0.0.1 and the member's port: containers on the host network. */
        HOST,
        /** The host port docker publishes for the member's port. */
        PUBLISHED,
        /** The container's address on its network and the member's port. */
        CONTAINER
    }

    /** Which member a connection goes to. */
    enum Balance {
        /** Any member, at random: the original's example. */
        RANDOM,
        /** Each member in turn. */
        ROUND_ROBIN,
        /** The first member, and the next ones only while the first cannot be started. */
        FIRST
    }

    static DockerSettings of(ServiceSettings settings) throws BackendException {
        Optional<String> portValue = settings.text(PORT);
        Optional<Integer> defaultPort = portValue.isPresent() ? Optional.of(port(PORT, portValue.get())) : Optional.empty();
        List<Member> members = new ArrayList<>();
        String containers = settings.text(CONTAINERS)
                .orElseThrow(() -> new BackendException(CONTAINERS + " is required by PROVIDER=docker"));
        for (String entry : containers.split("[\\s,]+")) {
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.lastIndexOf(':');
            String name = colon < 0 ? entry : entry.substring(0, colon);
            if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
                throw new BackendException(CONTAINERS + ": '" + name + "' is not a container name");
            }
            int port = colon < 0
                    ? defaultPort.orElseThrow(() -> new BackendException(
                            PORT + " is required, or a port per container as in " + CONTAINERS + "=\"" + name + ":8080\""))
                    : port(CONTAINERS, entry.substring(colon + 1));
            members.add(new Member(name, port));
        }
        return new DockerSettings(
                Words.split(COMMAND.name(), settings.text(COMMAND).orElse("docker")),
                List.copyOf(members),
                settings.text(IMAGE),
                Words.split(CREATE_OPTIONS.name(), settings.text(CREATE_OPTIONS).orElse("")),
                Words.split(CREATE_COMMAND.name(), settings.text(CREATE_COMMAND).orElse("")),
                choice(settings, ADDRESS, AddressMode.class, AddressMode.AUTO),
                yes(settings.text(EPHEMERAL).orElse("no")),
                choice(settings, BALANCE, Balance.class, Balance.RANDOM),
                seconds(settings, TIMEOUT).filter(d -> !d.isZero()).orElse(DEFAULT_TIMEOUT), // 0 would kill every command at once
                (int) seconds(settings, STOP_TIMEOUT).orElse(DEFAULT_STOP_TIMEOUT).toSeconds());
    }

    private static int port(Key key, String value) throws BackendException {
        if (!value.matches("\\d{1,5}") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > 65535) {
            throw new BackendException(key + ": '" + value + "' is not a port number (1-65535)");
        }
        return Integer.parseInt(value);
    }

    private static Optional<Duration> seconds(ServiceSettings settings, Key key) throws BackendException {
        Optional<Duration> seconds = settings.duration(key);
        if (seconds.isPresent() && seconds.get().toSeconds() > MAX_SECONDS) {
            throw new BackendException(key + " '" + settings.text(key).orElseThrow() + "' is not a whole number of seconds");
        }
        return seconds;
    }

    private static boolean yes(String value) {
        return value.equalsIgnoreCase("yes") || value.equalsIgnoreCase("true");
    }

    private static <E extends Enum<E>> E choice(ServiceSettings settings, Key key, Class<E> type, E defaultValue)
            throws BackendException {
        Optional<String> value = settings.text(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            return Enum.valueOf(type, value.get().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            List<String> allowed = new ArrayList<>();
            for (E constant : type.getEnumConstants()) {
                allowed.add(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            throw new BackendException(key + " '" + value.get() + "' is not one of " + String.join(", ", allowed));
        }
    }
}
