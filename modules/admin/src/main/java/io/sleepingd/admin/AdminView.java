package io.sleepingd.admin;

import io.sleepingd.lifecycle.ServiceStatus;
import java.util.List;
import java.util.Optional;

/** What the admin endpoint asks the daemon, on the endpoint's threads: the daemon must answer thread-safely. */
public interface AdminView {
    /** Every service the daemon serves, in configuration order. */
    List<ServiceStatus> statuses();

    /** Why the daemon is not healthy (a service that does not listen, a shutdown); empty when it is. */
    Optional<String> unhealthy();

    /** The daemon's version, for {@code sleepingd_build_info}. */
    String version();
}
