package io.sleepingd.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything read from the configuration files: the services in file order and what was odd but
 * not fatal (unknown keys and the like), for the daemon to log.
 *
 * @param files         the files actually read, in order
 * @param runDirectory  {@code VARRUN_PATH}: the private directory for the control socket
 * @param shutdownGrace {@code SHUTDOWN_GRACE}: how long live connections may finish on stop
 * @param services      every service with a port, active or not, in the order first seen
 * @param warnings      {@code FILE:LINE: ...} messages about input that was ignored
 */
public record Configuration(List<Path> files, Path runDirectory, Duration shutdownGrace,
        List<ServiceConfig> services, List<String> warnings) {

    public Configuration {
        files = List.copyOf(files);
        services = List.copyOf(services);
        warnings = List.copyOf(warnings);
    }

    /** The services the daemon listens for. */
    public List<ServiceConfig> activeServices() {
        return services.stream().filter(ServiceConfig::active).toList();
    }
}
