package io.sleepingd.relay;

import java.util.Locale;
import java.util.Optional;

/**
 * How the relay's loops wait for readiness and move bytes. Both behave alike to the daemon: the same
 * flows, budget, half-closes and resets; they differ in cost (docs/benchmarks.md measures both).
 */
public enum RelayTransport {
    /** The JDK's selector and channels, the bytes copied through buffers: runs on any system. */
    NIO,
    /**
     * Linux's epoll, and {@code splice(2)} through pipes, so that the bytes never enter the JVM:
     * fewer copies and system calls. Needs Linux on x86-64 or aarch64, and the launcher's
     * {@code --add-exports} and {@code --enable-native-access} for {@code io.sleepingd.relay}.
     */
    SPLICE;

    /** The system property that chooses the transport: {@code nio} or {@code splice}. */
    public static final String PROPERTY = "sleepingd.relay.transport";

    /** Why this transport cannot run here, if it cannot. */
    public Optional<String> unavailable() {
        return this == SPLICE ? Linux.UNAVAILABLE : Optional.empty();
    }

    /** Its name in {@link #PROPERTY}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The transport {@link #PROPERTY} asks for; unset, {@link #SPLICE} where it can run and
     * {@link #NIO} elsewhere.
     *
     * @throws IllegalArgumentException when the property names no transport, or one that cannot run here
     */
    public static RelayTransport configured() {
        String asked = System.getProperty(PROPERTY);
        if (asked == null || asked.isBlank()) {
            return SPLICE.unavailable().isEmpty() ? SPLICE : NIO;
        }
        for (RelayTransport transport : values()) {
            if (transport.key().equals(asked.strip().toLowerCase(Locale.ROOT))) {
                transport.unavailable().ifPresent(why -> {
                    throw new IllegalArgumentException(PROPERTY + "=" + asked + ": the transport cannot run here: " + why);
                });
                return transport;
            }
        }
        throw new IllegalArgumentException(PROPERTY + "='" + asked + "' is not a transport (nio or splice)");
    }
}
