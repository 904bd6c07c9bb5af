package io.sleepingd.lifecycle;

import io.sleepingd.relay.Relay;
import io.sleepingd.spi.Endpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * Connects to a backend that may still be starting: short, growing retries until it accepts or the
 * deadline passes. The connection that succeeds is the one relayed; there is never a separate
 * probe, which would use up a backend that serves a single connection.
 *
 * <p>A reset while connecting is not retried: the backend accepted the connection and ended it
 * before the connect was seen to finish (a fast backend on loopback can), so it is up, and that
 * connection was the client's. Retrying would relay a second connection the backend never meant
 * to serve, and hide the reset the client must see.
 */
final class BackendConnector {
    private static final Duration FIRST_PAUSE = Duration.ofMillis(10);
    private static final Duration LONGEST_PAUSE = Duration.ofMillis(500);
    /** An unreachable host answers nothing; do not let one attempt eat the whole wait. */
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(5);

    private BackendConnector() {
    }

    /** One attempt, for a backend believed awake. */
    static SocketChannel connectOnce(Endpoint endpoint, long deadlineNanos) throws IOException {
        return attempt(endpoint, Math.max(1, Math.min(ATTEMPT_TIMEOUT.toNanos(), deadlineNanos - System.nanoTime())));
    }

    /**
     * Retries until connected or the deadline passes.
     *
     * @throws AcceptedThenResetException at once, without a retry
     * @throws IOException the last attempt's failure, once the deadline has passed
     */
    static SocketChannel connectWithRetries(Endpoint endpoint, long deadlineNanos)
            throws IOException, InterruptedException {
        long pause = FIRST_PAUSE.toNanos();
        while (true) {
            long left = deadlineNanos - System.nanoTime();
            try {
                return attempt(endpoint, Math.max(1, Math.min(ATTEMPT_TIMEOUT.toNanos(), left)));
            } catch (AcceptedThenResetException e) {
                throw e;
            } catch (IOException e) {
                left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    throw e;
                }
                Thread.sleep(Duration.ofNanos(Math.min(pause, left)));
                pause = Math.min(pause * 2, LONGEST_PAUSE.toNanos());
            }
        }
    }

    private static SocketChannel attempt(Endpoint endpoint, long timeoutNanos) throws IOException {
        InetSocketAddress address = new InetSocketAddress(endpoint.host(), endpoint.port());
        if (address.isUnresolved()) {
            throw new IOException("cannot resolve backend host '" + endpoint.host() + "'");
        }
        SocketChannel channel = SocketChannel.open();
        try {
            channel.socket().connect(address, (int) Math.max(1, Duration.ofNanos(timeoutNanos).toMillis()));
            return channel;
        } catch (IOException e) {
            channel.close();
            throw Relay.isReset(e) ? new AcceptedThenResetException(endpoint, e) : e;
        }
    }
}
