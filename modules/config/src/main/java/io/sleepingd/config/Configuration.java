package io.sleepingd.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything read from the configuration files: the services in file order and what was odd but
 * not fatal (unknown keys and the like), for the daemon to log.
 *
 * @param files         the files actually read, in order
 * @param runDirectory  {@code VARRUN_PATH}: the private directory for the control socket
 * @param pluginDirectory {@code PLUGIN_DIR}, when set: where drop-in provider jars are read from
 * @param shutdownGrace {@code SHUTDOWN_GRACE}: how long live connections may finish on stop
 * @param services      every service with a port, active or not, in the order first seen
 * @param warnings      {@code FILE:LINE: ...} messages about input that was ignored
 * @param unknownKeys   keys the core does not know, in file order (see {@link UnknownKey})
 * @param unknownKeysAreErrors {@code UNKNOWN_KEYS}: true (the default, {@code error}) unless {@code warn},
 *                      for old files full of keys nothing reads
 * @param jsonLogs      {@code LOG_FORMAT=json}: log lines are JSON objects, for log shippers
 * @param adminAddress  {@code ADMIN_ADDRESS}, when set: where the admin HTTP endpoint listens
 */
public record Configuration(List<Path> files, Path runDirectory, Optional<Path> pluginDirectory,
        Duration shutdownGrace, List<ServiceConfig> services, List<String> warnings, List<UnknownKey> unknownKeys,
        boolean unknownKeysAreErrors, boolean jsonLogs, Optional<InetSocketAddress> adminAddress) {

    public Configuration {
        files = List.copyOf(files);
        services = List.copyOf(services);
        warnings = List.copyOf(warnings);
        unknownKeys = List.copyOf(unknownKeys);
    }

    /** The services the daemon listens for. */
    public List<ServiceConfig> activeServices() {
        return services.stream().filter(ServiceConfig::active).toList();
    }
}
