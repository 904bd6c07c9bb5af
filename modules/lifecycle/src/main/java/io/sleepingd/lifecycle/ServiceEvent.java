package io.sleepingd.lifecycle;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * A step of a service's life, as hooks (and administrators' scripts) see it: a wake begins, the
 * backend accepts, a wake fails, a stop begins, the backend is asleep again.
 *
 * @param type     what happened
 * @param service  the service's name
 * @param time     when
 * @param duration how long the step took: the wake until the backend accepted (or failed), the stop
 * @param reason   why, in words: "a connection from 192.0.2.7", "idle for 600 s", the failure
 * @param client   the client whose connection began the wake
 */
public record ServiceEvent(Type type, String service, Instant time, Optional<Duration> duration, String reason,
        Optional<InetSocketAddress> client) {

    /** The five events, in the order one wake and one stop make them. */
    public enum Type {
        WAKING, AWAKE, WAKE_FAILED, STOPPING, ASLEEP;

        /** As written for hooks: {@code waking}, {@code wake-failed}. */
        public String written() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    static ServiceEvent now(Type type, String service, Optional<Duration> duration, String reason,
            Optional<InetSocketAddress> client) {
        return new ServiceEvent(type, service, Instant.now(), duration, reason, client);
    }
}
