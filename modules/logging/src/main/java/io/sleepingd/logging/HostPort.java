package io.sleepingd.logging;

import java.net.Inet6Address;
import java.net.InetSocketAddress;

/**
 * How log lines and messages write a socket address: {@code 127.0.0.1:10080} and {@code [::1]:10080},
 * as an administrator types them, not Java's {@code /127.0.0.1:10080}.
 */
public final class HostPort {
    private HostPort() {
    }

    /** The address as {@code host:port}; {@code (unknown)} for none (a channel that was already closed). */
    public static String of(InetSocketAddress address) {
        if (address == null) {
            return "(unknown)";
        }
        if (address.isUnresolved()) {
            return address.getHostString() + ":" + address.getPort();
        }
        String host = address.getAddress().getHostAddress();
        return address.getAddress() instanceof Inet6Address ? "[" + host + "]:" + address.getPort()
                : host + ":" + address.getPort();
    }
}
