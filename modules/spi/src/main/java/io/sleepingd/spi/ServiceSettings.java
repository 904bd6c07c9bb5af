package io.sleepingd.spi;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A service's effective configuration as a provider sees it: inheritance from the general
 * section and defaults already applied, values literal as written (quotes removed).
 *
 * @param name   the service (section) name, for log lines and the commands' environment
 * @param port   the port the daemon listens on for this service
 * @param runAs  the account commands must run as, when {@code USER} is set
 * @param values every key the service has, effective values; per-command timeouts already
 *               fall back to {@code EXEC_CMD_TIMEOUT}
 */
public record ServiceSettings(String name, int port, Optional<RunAs> runAs, Map<String, String> values) {

    public ServiceSettings {
        values = Map.copyOf(values);
    }

    /** The value of a key, empty when unset or blank. */
    public Optional<String> value(String key) {
        return Optional.ofNullable(values.get(key)).filter(v -> !v.isBlank());
    }

    /** A whole-seconds value (already validated by the configuration loader); empty when 0 or blank. */
    public Optional<Duration> seconds(String key) {
        return value(key).map(Long::parseLong).filter(s -> s > 0).map(Duration::ofSeconds);
    }
}
