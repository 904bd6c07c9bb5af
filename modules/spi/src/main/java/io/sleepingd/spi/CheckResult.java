package io.sleepingd.spi;

import java.util.Optional;

/** What {@link Backend#check} found: the backend is running (perhaps with its address) or not. */
public sealed interface CheckResult {

    /** The backend is up; without an endpoint the daemon uses the last one it knows or starts it. */
    record Running(Optional<Endpoint> endpoint) implements CheckResult {
    }

    /** The backend is down and must be started. */
    record NotRunning() implements CheckResult {
    }
}
