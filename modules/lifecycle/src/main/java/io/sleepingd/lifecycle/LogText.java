package io.sleepingd.lifecycle;

import io.sleepingd.logging.HostPort;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/** How the lifecycle's log lines name clients and durations. */
final class LogText {
    private LogText() {
    }

    static String hostOf(InetSocketAddress address) {
        return HostPort.of(address);
    }

    static String peerOf(SocketChannel channel) {
        try {
            return hostOf((InetSocketAddress) channel.getRemoteAddress());
        } catch (IOException e) {
            return "(closed)";
        }
    }

    static long millisSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }

    static long millisUntil(long nanos) {
        return Duration.ofNanos(nanos - System.nanoTime()).toMillis();
    }

    /** What went wrong, for a log line: the message, or the exception's kind when it has none (a ClosedChannelException). */
    static String reason(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** Out of descriptors (or processes, or memory) is not the backend's failure, and says so. */
    static String shortageReason(String shortage) {
        return "the daemon is short of resources (" + shortage + "); the service's state is kept";
    }
}
