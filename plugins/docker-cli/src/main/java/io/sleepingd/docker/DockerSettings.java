package io.sleepingd.docker;

import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.Key;
import io.sleepingd.spi.SleepMode;
import io.sleepingd.spi.ServiceSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

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
 * @param sleepMode   {@code SLEEP_MODE}: {@code docker stop} (or {@code rm}) when idle, or {@code docker pause}
 */
record DockerSettings(List<String> dockerCommand, List<Member> members, Optional<String> image,
        List<String> createArgs, List<String> command, AddressMode address, boolean ephemeral, Balance balance,
        Duration timeout, int stopTimeout, SleepMode sleepMode) {

    static final Key<List<String>> COMMAND = new Key<>("DOCKER_COMMAND", Words::split);
    static final Key<List<Entry>> CONTAINERS = new Key<>("DOCKER_CONTAINERS", DockerSettings::entries);
    static final Key<Integer> PORT = Key.port("DOCKER_PORT");
    static final Key<String> IMAGE = Key.text("DOCKER_IMAGE");
    static final Key<List<String>> CREATE_OPTIONS = new Key<>("DOCKER_CREATE_OPTIONS", Words::split);
    static final Key<List<String>> CREATE_COMMAND = new Key<>("DOCKER_CREATE_COMMAND", Words::split);
    static final Key<AddressMode> ADDRESS = Key.choice("DOCKER_ADDRESS", AddressMode.class);
    static final Key<Boolean> EPHEMERAL = Key.yesNo("DOCKER_EPHEMERAL");
    static final Key<Balance> BALANCE = Key.choice("DOCKER_BALANCE", Balance.class);
    static final Key<Duration> TIMEOUT = Key.seconds("DOCKER_TIMEOUT");
    /** Seconds, like the timeouts, but an {@code int}, as {@code docker stop --time} takes. */
    static final Key<Integer> STOP_TIMEOUT = Key.number("DOCKER_STOP_TIMEOUT");
    static final Set<Key<?>> KEYS = Set.of(COMMAND, CONTAINERS, PORT, IMAGE, CREATE_OPTIONS, CREATE_COMMAND, ADDRESS,
            EPHEMERAL, BALANCE, TIMEOUT, STOP_TIMEOUT, Key.SLEEP_MODE);
    /** A docker command's time when DOCKER_TIMEOUT is blank or 0: every command is bounded. */
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final int DEFAULT_STOP_TIMEOUT = 10;

    /** A {@code DOCKER_CONTAINERS} entry: a container name, and the port it serves on unless {@code DOCKER_PORT}'s. */
    record Entry(String name, Optional<Integer> port) {
    }

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
        Optional<Integer> defaultPort = settings.get(PORT);
        List<Member> members = new ArrayList<>();
        for (Entry entry : settings.get(CONTAINERS)
                .orElseThrow(() -> new BackendException(CONTAINERS + " is required by PROVIDER=docker"))) {
            int port = entry.port().or(() -> defaultPort).orElseThrow(() -> new BackendException(
                    PORT + " is required, or a port per container as in " + CONTAINERS + "=\"" + entry.name() + ":8080\""));
            members.add(new Member(entry.name(), port));
        }
        SleepMode sleepMode = settings.get(Key.SLEEP_MODE).orElse(SleepMode.STOP);
        if (sleepMode == SleepMode.PAUSE && settings.get(EPHEMERAL).orElse(false)) {
            throw new BackendException("SLEEP_MODE=pause keeps containers, paused, and DOCKER_EPHEMERAL=yes removes"
                    + " them: choose one");
        }
        return new DockerSettings(
                settings.get(COMMAND).orElse(List.of("docker")),
                List.copyOf(members),
                settings.get(IMAGE),
                settings.get(CREATE_OPTIONS).orElse(List.of()),
                settings.get(CREATE_COMMAND).orElse(List.of()),
                settings.get(ADDRESS).orElse(AddressMode.AUTO),
                settings.get(EPHEMERAL).orElse(false),
                settings.get(BALANCE).orElse(Balance.RANDOM),
                settings.get(TIMEOUT).filter(d -> !d.isZero()).orElse(DEFAULT_TIMEOUT), // 0 would kill every command at once
                settings.get(STOP_TIMEOUT).orElse(DEFAULT_STOP_TIMEOUT),
                sleepMode);
    }

    /** Every key with the value in use, defaults included, in the configuration's syntax: for check-config. */
    Map<String, String> inUse() {
        Map<String, String> inUse = new LinkedHashMap<>();
        inUse.put(COMMAND.name(), String.join(" ", dockerCommand));
        inUse.put(CONTAINERS.name(), members.stream().map(m -> m.name() + ":" + m.port()).collect(Collectors.joining(" ")));
        inUse.put(IMAGE.name(), image.orElse(""));
        inUse.put(CREATE_OPTIONS.name(), String.join(" ", createArgs));
        inUse.put(CREATE_COMMAND.name(), String.join(" ", command));
        inUse.put(ADDRESS.name(), written(address));
        inUse.put(EPHEMERAL.name(), ephemeral ? "yes" : "no");
        inUse.put(BALANCE.name(), written(balance));
        inUse.put(TIMEOUT.name(), Long.toString(timeout.toSeconds()));
        inUse.put(STOP_TIMEOUT.name(), Integer.toString(stopTimeout));
        inUse.put(Key.SLEEP_MODE.name(), sleepMode.name().toLowerCase(Locale.ROOT));
        return inUse;
    }

    /**
     * Members that would listen on the same port of the host's network ({@code DOCKER_ADDRESS=host},
     * or {@code --network host} in {@code DOCKER_CREATE_OPTIONS}): only one of them can run at a time,
     * and the others' wakes fail. Empty when there are none, or when it cannot be told before they run.
     */
    Optional<String> hostPortClash() {
        boolean hostNetwork = address == AddressMode.HOST || createArgs.contains("--network=host")
                || createArgs.contains("--net=host") || String.join(" ", createArgs).matches("(.* )?--(network|net) host( .*)?");
        if (!hostNetwork) {
            return Optional.empty();
        }
        return members.stream().collect(Collectors.groupingBy(Member::port, LinkedHashMap::new, Collectors.toList()))
                .entrySet().stream().filter(port -> port.getValue().size() > 1).findFirst()
                .map(port -> CONTAINERS.name() + ": " + port.getValue().stream().map(Member::name)
                        .collect(Collectors.joining(" and ")) + " would all listen on port " + port.getKey()
                        + " of the host's network, where only one of them can; give each a port of its own, as in "
                        + CONTAINERS.name() + "=\"" + port.getValue().get(0).name() + ":" + port.getKey() + " "
                        + port.getValue().get(1).name() + ":" + (port.getKey() + 1) + "\"");
    }

    private static String written(Enum<?> choice) {
        return choice.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** {@code DOCKER_CONTAINERS}: names, each with an optional {@code :port}, separated by commas and/or blanks. */
    private static List<Entry> entries(String value) {
        List<Entry> entries = new ArrayList<>();
        for (String item : value.split("[\\s,]+")) {
            if (item.isEmpty()) {
                continue;
            }
            int colon = item.lastIndexOf(':');
            String name = colon < 0 ? item : item.substring(0, colon);
            if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
                throw new IllegalArgumentException("has '" + name + "', which is not a container name");
            }
            Optional<Integer> port = Optional.empty();
            if (colon >= 0) {
                String digits = item.substring(colon + 1);
                try {
                    port = Optional.of(PORT.parser().parse(digits));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("has '" + digits + "', which " + e.getMessage());
                }
            }
            entries.add(new Entry(name, port));
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("names no container");
        }
        return entries;
    }
}
