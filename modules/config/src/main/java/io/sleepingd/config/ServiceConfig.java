package io.sleepingd.config;

import io.sleepingd.spi.InvalidValueException;
import io.sleepingd.spi.Key;
import io.sleepingd.spi.RunAs;
import io.sleepingd.spi.ServiceSettings;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One service ({@code [section]}) with inheritance and defaults applied and every value validated.
 *
 * @param name              the section name, spaces and all
 * @param origin            the line of its {@code [section]} header
 * @param active            {@code ACTIVE}
 * @param port              {@code PORT}, 1-65535
 * @param bind              {@code BIND}; empty means every address, IPv4 and IPv6
 * @param wakeTimeout       {@code WAKE_TIMEOUT}: how long a client is held while the backend wakes
 * @param idleTime          {@code IDLE_TIME}; zero turns idle stop off
 * @param idleCheckInterval {@code IDLE_CHECK_INTERVAL}, never zero when idle stop is on
 * @param provider          {@code PROVIDER}: which backend provider serves the service
 * @param runAs             {@code USER}, resolved to an existing account
 * @param values            every key's effective value (literal, quotes removed), defaults included
 * @param origins           where each value in {@code values} was written; defaults have none
 */
public record ServiceConfig(String name, Origin origin, boolean active, int port, List<InetAddress> bind,
        Duration wakeTimeout, Duration idleTime, Duration idleCheckInterval, String provider,
        Optional<RunAs> runAs, Map<String, String> values, Map<String, Origin> origins) {

    public ServiceConfig {
        bind = List.copyOf(bind);
        values = Map.copyOf(values);
        origins = Map.copyOf(origins);
    }

    /** {@code WAKE_FROM}, {@code NO_WAKE_FROM}, {@code KEEP_AWAKE_FROM} and {@code WAKE_RATE}, parsed. */
    public WakePolicy wakePolicy() {
        try {
            return WakePolicy.of(values);
        } catch (ValueException e) {
            throw new IllegalStateException("validated when the configuration was read: " + e.getMessage(), e);
        }
    }

    /** {@code PROTOCOL}: what its clients speak, for the daemon's own answers. */
    public Protocol protocol() {
        try {
            return Protocol.parse(values.getOrDefault(Keys.PROTOCOL, "tcp"));
        } catch (ValueException e) {
            throw new IllegalStateException("validated when the configuration was read: " + e.getMessage(), e);
        }
    }

    /** {@code ON_START_IF_RUNNING}: what becomes of a backend found running when the service begins to listen. */
    public OnStartIfRunning onStartIfRunning() {
        try {
            return OnStartIfRunning.parse(values.getOrDefault(Keys.ON_START_IF_RUNNING, OnStartIfRunning.ADOPT.written()));
        } catch (ValueException e) {
            throw new IllegalStateException("validated when the configuration was read: " + e.getMessage(), e);
        }
    }

    /**
     * {@code HOLD_REPLY_AFTER}: how long a connection is held while the backend wakes before a client of
     * a protocol the daemon {@link Protocol#answers} is told it is starting; empty: held until
     * {@code WAKE_TIMEOUT}, as for every protocol.
     */
    public Optional<Duration> holdReplyAfter() {
        String value = values.getOrDefault(Keys.HOLD_REPLY_AFTER, "");
        return value.isBlank() ? Optional.empty() : Optional.of(Duration.ofSeconds(Long.parseLong(value.strip())));
    }

    /** Whether the daemon puts this service back to sleep when idle. */
    public boolean idleStopEnabled() {
        return !idleTime.isZero();
    }

    /**
     * The provider's view of this service, with the core's keys and {@code keys} parsed.
     *
     * @throws ConfigException naming the file and line of every value one of {@code keys} rejects, in
     *                         file order
     */
    public ServiceSettings settings(Collection<Key<?>> keys) throws ConfigException {
        ServiceSettings.Parsed parsed = ServiceSettings.parseAll(name, port, runAs, values, keys);
        if (parsed.settings().isPresent()) {
            return parsed.settings().get();
        }
        Comparator<Origin> fileOrder = Comparator.comparing((Origin o) -> o.file().toString()).thenComparingInt(Origin::line);
        throw new ConfigException(parsed.invalid().stream()
                .sorted(Comparator.comparing((InvalidValueException e) -> originOf(e), fileOrder))
                .map(e -> originOf(e) + ": service '" + name + "': " + e.getMessage()).toList());
    }

    private Origin originOf(InvalidValueException e) {
        return origins.getOrDefault(e.key(), origin);
    }
}
