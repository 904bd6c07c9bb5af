package io.sleepingd.config;

import io.sleepingd.spi.RunAs;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the merged {@link ConfigDraft} into the {@link Configuration}: validates every assignment
 * once where it was written, applies inheritance from the general section and the defaults, and
 * rejects services that would listen on the same address.
 */
final class ConfigAssembler {
    private static final long DEFAULT_WAKE_TIMEOUT = 60;
    private static final long DEFAULT_SHUTDOWN_GRACE = 10;
    private static final long MAX_DEFAULT_IDLE_CHECK_INTERVAL = 10;

    private final ConfigDraft draft;
    private final Problems problems;
    private final UserLookup users;

    private ConfigAssembler(ConfigDraft draft, Problems problems, UserLookup users) {
        this.draft = draft;
        this.problems = problems;
        this.users = users;
    }

    /** The configuration, or every problem found (including those already in {@code problems}). */
    static Configuration assemble(ConfigDraft draft, Problems problems, UserLookup users) throws ConfigException {
        return new ConfigAssembler(draft, problems, users).assemble();
    }

    private Configuration assemble() throws ConfigException {
        // Each assignment is checked once, so a bad general value is one error, not one per service.
        draft.general().assignments().values().forEach(this::check);
        draft.services().forEach(s -> s.assignments().values().forEach(this::check));

        Path runDirectory = runDirectory();
        long grace = shutdownGrace();

        List<PortClaim> claims = new ArrayList<>();
        List<ServiceConfig> services = new ArrayList<>();
        for (SectionDraft service : draft.services()) {
            Optional<PortClaim> claim = portClaim(service);
            claim.ifPresent(claims::add);
            claim.flatMap(c -> build(service, c)).ifPresent(services::add);
        }
        checkPortsAreFree(claims);

        Configuration configuration = new Configuration(draft.files(), runDirectory, pluginDirectory(),
                Duration.ofSeconds(grace), services, problems.warnings(), draft.unknownKeys(), unknownKeysAreErrors(), jsonLogs(),
                adminAddress());
        if (problems.hasErrors()) {
            throw problems.asException(configuration); // the services that built are the remainder
        }
        return configuration;
    }

    /**
     * Where a service listens, worked out apart from its other values so that a collision is
     * reported even when something else about the service is wrong too.
     *
     * @param origin where the port was given, for the message when two collide
     */
    private record PortClaim(String service, boolean active, int port, List<InetAddress> bind, Origin origin) {
    }

    private void check(Assignment a) {
        try {
            String key = a.key();
            String value = a.value();
            if (key.equals(Keys.ACTIVE)) {
                ValueChecks.active(value);
            } else if (key.equals(Keys.PORT) && !value.isBlank()) {
                ValueChecks.port(value);
            } else if (key.equals(Keys.WAKE_TIMEOUT) && !value.isBlank()
                    && ValueChecks.seconds(key, value) == 0) {
                throw new ValueException("WAKE_TIMEOUT '" + value + "' must be at least 1 second");
            } else if (Keys.SECONDS.contains(key)) {
                ValueChecks.seconds(key, value);
            } else if (key.equals(Keys.ON_EVENT_URL) && !value.isBlank()) {
                ValueChecks.webhook(value);
            } else if (key.equals(Keys.LOG_FORMAT) && !value.isBlank()) {
                ValueChecks.jsonLogs(value);
            } else if (key.equals(Keys.ADMIN_ADDRESS) && !value.isBlank()) {
                ValueChecks.adminAddress(value);
            } else if (key.equals(Keys.WAKE_FROM) || key.equals(Keys.NO_WAKE_FROM) || key.equals(Keys.KEEP_AWAKE_FROM)) {
                AddressRanges.parse(key, value, AddressRanges.everyone());
            } else if (key.equals(Keys.WAKE_RATE) && !value.isBlank()) {
                WakeRate.parse(value);
            } else if (key.equals(Keys.PROTOCOL) && !value.isBlank()) {
                Protocol.parse(value);
            } else if (key.equals(Keys.ON_START_IF_RUNNING) && !value.isBlank()) {
                OnStartIfRunning.parse(value);
            } else if (key.equals(Keys.UNKNOWN_KEYS) && !value.isBlank()) {
                ValueChecks.unknownKeys(value);
            } else if (key.equals(Keys.BIND)) {
                ValueChecks.bind(value);
            } else if (key.equals(Keys.USER) && !value.isBlank()) {
                users.resolve(value);
            } else if (key.equals(Keys.VARRUN_PATH) && !value.isBlank()) {
                DirectoryChecks.runDirectory(ValueChecks.absolutePath(key, value));
            } else if (key.equals(Keys.PLUGIN_DIR) && !value.isBlank()) {
                DirectoryChecks.pluginDirectory(ValueChecks.absolutePath(key, value));
            }
        } catch (ValueException e) {
            problems.error(a.origin(), e.getMessage());
        }
    }

    private Path runDirectory() {
        Optional<String> set = general(Keys.VARRUN_PATH).map(Assignment::value).filter(v -> !v.isBlank());
        if (set.isPresent()) {
            try {
                return ValueChecks.absolutePath(Keys.VARRUN_PATH, set.get());
            } catch (ValueException e) {
                return Path.of("/"); // already reported by check(); the configuration is not returned
            }
        }
        return RunDirectoryDefault.forThisProcess();
    }

    /** The service's port claim, or empty when it has no port or an invalid one (reported by check). */
    private Optional<PortClaim> portClaim(SectionDraft service) {
        Assignment port = effective(service, Keys.PORT);
        if (port == null || port.value().isBlank()) {
            problems.warning(service.origin(), "service '" + service.name() + "' has no PORT, skipped");
            return Optional.empty();
        }
        try {
            boolean active = ValueChecks.active(value(service, Keys.ACTIVE, "yes"));
            Origin origin = service.assignments().containsKey(Keys.PORT) ? port.origin()
                    : service.origin(); // inherited: the general PORT line would not say which service
            return Optional.of(new PortClaim(service.name(), active, ValueChecks.port(port.value()),
                    ValueChecks.bind(value(service, Keys.BIND, "")), origin));
        } catch (ValueException e) {
            return Optional.empty();
        }
    }

    /** The service with every default applied, or empty when a value is invalid (reported by check). */
    private Optional<ServiceConfig> build(SectionDraft service, PortClaim claim) {
        try {
            Map<String, String> values = new HashMap<>(); // daemon-wide keys live in Configuration
            values.put(Keys.PORT, value(service, Keys.PORT, ""));
            values.put(Keys.ACTIVE, value(service, Keys.ACTIVE, "yes"));
            values.put(Keys.BIND, value(service, Keys.BIND, ""));
            values.put(Keys.START_CMD, value(service, Keys.START_CMD, "false"));
            values.put(Keys.STOP_CMD, value(service, Keys.STOP_CMD, "false"));
            values.put(Keys.CHECK_CMD, value(service, Keys.CHECK_CMD, "false"));
            values.put(Keys.IDLE_CMD, value(service, Keys.IDLE_CMD, ""));

            long exec = ValueChecks.seconds(Keys.EXEC_CMD_TIMEOUT, value(service, Keys.EXEC_CMD_TIMEOUT, ""));
            values.put(Keys.EXEC_CMD_TIMEOUT, secondsOrBlank(exec));
            for (String key : Keys.COMMAND_TIMEOUTS) {
                String own = value(service, key, "");
                // blank means "not given", as in the shell's ${X:-default}; 0 means "no timeout"
                long seconds = own.isBlank() ? exec : ValueChecks.seconds(key, own);
                values.put(key, secondsOrBlank(seconds));
            }

            long idle = ValueChecks.seconds(Keys.IDLE_TIME, value(service, Keys.IDLE_TIME, ""));
            long interval = 0;
            if (idle > 0) {
                interval = ValueChecks.seconds(Keys.IDLE_CHECK_INTERVAL, value(service, Keys.IDLE_CHECK_INTERVAL, ""));
                if (interval == 0) {
                    // the original silently never checked; a sensible interval makes IDLE_TIME work
                    interval = Math.min(idle, MAX_DEFAULT_IDLE_CHECK_INTERVAL);
                }
            }
            values.put(Keys.IDLE_TIME, secondsOrBlank(idle));
            values.put(Keys.IDLE_CHECK_INTERVAL, secondsOrBlank(interval));

            String wakeValue = value(service, Keys.WAKE_TIMEOUT, "");
            long wake = wakeValue.isBlank() ? DEFAULT_WAKE_TIMEOUT : ValueChecks.seconds(Keys.WAKE_TIMEOUT, wakeValue);
            if (wake == 0) {
                return Optional.empty(); // reported by check()
            }
            values.put(Keys.WAKE_TIMEOUT, Long.toString(wake));

            String providerValue = value(service, Keys.PROVIDER, "");
            String provider = providerValue.isBlank() ? "shell" : providerValue;
            values.put(Keys.PROVIDER, provider);

            values.put(Keys.IDLE_PROBE, value(service, Keys.IDLE_PROBE, ""));
            values.put(Keys.ON_EVENT_CMD, value(service, Keys.ON_EVENT_CMD, ""));
            values.put(Keys.ON_EVENT_URL, value(service, Keys.ON_EVENT_URL, ""));
            for (String key : List.of(Keys.WAKE_FROM, Keys.NO_WAKE_FROM, Keys.KEEP_AWAKE_FROM, Keys.WAKE_RATE,
                    Keys.HOLD_REPLY_AFTER)) {
                values.put(key, value(service, key, ""));
            }
            String protocol = value(service, Keys.PROTOCOL, "");
            values.put(Keys.PROTOCOL, protocol.isBlank() ? Protocol.TCP.written() : protocol.strip());
            String ifRunning = value(service, Keys.ON_START_IF_RUNNING, "");
            values.put(Keys.ON_START_IF_RUNNING, ifRunning.isBlank() ? OnStartIfRunning.ADOPT.written()
                    : ifRunning.strip());
            // Keys we do not know may be a provider's: kept, inherited like ours, and judged by the daemon.
            for (SectionDraft section : List.of(draft.general(), service)) {
                section.assignments().keySet().stream().filter(key -> !Keys.isKnown(key))
                        .forEach(key -> values.put(key, value(service, key, "")));
            }

            String user = value(service, Keys.USER, "");
            Optional<RunAs> runAs = user.isBlank() ? Optional.empty() : Optional.of(users.resolve(user));
            values.put(Keys.USER, user);

            Map<String, Origin> origins = new HashMap<>();
            for (String key : values.keySet()) {
                Optional.ofNullable(effective(service, key)).ifPresent(a -> origins.put(key, a.origin()));
            }
            return Optional.of(new ServiceConfig(service.name(), service.origin(), claim.active(), claim.port(),
                    claim.bind(), Duration.ofSeconds(wake), Duration.ofSeconds(idle), Duration.ofSeconds(interval),
                    provider, runAs, values, origins));
        } catch (ValueException e) {
            return Optional.empty(); // reported by check()
        }
    }

    private void checkPortsAreFree(List<PortClaim> claims) {
        List<PortClaim> active = claims.stream().filter(PortClaim::active).toList();
        for (int i = 0; i < active.size(); i++) {
            PortClaim later = active.get(i);
            for (PortClaim earlier : active.subList(0, i)) {
                if (earlier.port() == later.port() && overlap(earlier.bind(), later.bind())) {
                    problems.error(later.origin(), "port " + later.port() + " is already used by service '"
                            + earlier.service() + "' (" + earlier.origin() + ")");
                    break;
                }
            }
        }
    }

    /** Whether two BIND lists share an address; empty or a wildcard address means every address. */
    private static boolean overlap(List<InetAddress> a, List<InetAddress> b) {
        if (a.isEmpty() || b.isEmpty()
                || a.stream().anyMatch(InetAddress::isAnyLocalAddress)
                || b.stream().anyMatch(InetAddress::isAnyLocalAddress)) {
            return true;
        }
        return a.stream().anyMatch(b::contains);
    }

    private Assignment effective(SectionDraft service, String key) {
        Assignment own = service.assignments().get(key);
        return own != null ? own : draft.general().assignments().get(key);
    }

    private String value(SectionDraft service, String key, String defaultValue) {
        Assignment a = effective(service, key);
        return a == null ? defaultValue : a.value();
    }

    private Optional<Assignment> general(String key) {
        return Optional.ofNullable(draft.general().assignments().get(key));
    }

    private Optional<Path> pluginDirectory() {
        return general(Keys.PLUGIN_DIR).map(Assignment::value).filter(v -> !v.isBlank()).map(Path::of);
    }

    private boolean unknownKeysAreErrors() {
        String value = general(Keys.UNKNOWN_KEYS).map(Assignment::value).orElse("");
        try {
            return value.isBlank() || ValueChecks.unknownKeys(value);
        } catch (ValueException e) {
            return true; // reported by check(); the configuration is not returned
        }
    }

    private boolean jsonLogs() {
        String value = general(Keys.LOG_FORMAT).map(Assignment::value).orElse("");
        try {
            return !value.isBlank() && ValueChecks.jsonLogs(value);
        } catch (ValueException e) {
            return false; // reported by check(); the configuration is not returned
        }
    }

    private Optional<InetSocketAddress> adminAddress() {
        String value = general(Keys.ADMIN_ADDRESS).map(Assignment::value).orElse("");
        try {
            return value.isBlank() ? Optional.empty() : Optional.of(ValueChecks.adminAddress(value));
        } catch (ValueException e) {
            return Optional.empty(); // reported by check(); the configuration is not returned
        }
    }

    private long shutdownGrace() {
        String value = general(Keys.SHUTDOWN_GRACE).map(Assignment::value).orElse("");
        try {
            return value.isBlank() ? DEFAULT_SHUTDOWN_GRACE : ValueChecks.seconds(Keys.SHUTDOWN_GRACE, value);
        } catch (ValueException e) {
            return 0; // reported by check(); the configuration is not returned
        }
    }

    private static String secondsOrBlank(long seconds) {
        return seconds == 0 ? "" : Long.toString(seconds);
    }
}
