package io.sleepingd.relay;

import java.io.IOException;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * The relay's rules, for the modules around it: how long a connect may take, what counts as a reset,
 * and how a connection the daemon cuts is closed. The relaying itself runs on {@link RelayLoops}:
 * each side's end of input is passed on as a half-close, so a client that sends its request and
 * shuts down its output still gets the whole response, and a relay that ends any other way (a reset,
 * a failed write, an abort) resets both sides.
 */
public final class Relay {
    /** An unreachable host answers nothing; one attempt must not hold a connection for minutes. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private Relay() {
    }

    /**
     * Whether the failure is a reset by the peer. While connecting, it means the backend accepted and
     * then ended the connection: it was relayed, briefly. After that, the peer ended it, not us.
     */
    public static boolean isReset(IOException failure) {
        return failure instanceof SocketException && failure.getMessage() != null
                && failure.getMessage().startsWith("Connection reset");
    }

    /**
     * Closes the connection with a reset (SO_LINGER 0) instead of an end of stream: for a connection
     * the daemon cuts, so that its peer cannot take what it received for the whole.
     */
    public static void reset(SocketChannel channel) {
        if (channel == null || !channel.isOpen()) {
            return; // every relayed connection ends here: a closed channel would throw, at a cost per connection
        }
        try {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException e) {
            // already closed or reset: closing is all there is left to do
        }
        closeQuietly(channel);
    }

    static void setNoDelay(SocketChannel channel) throws IOException {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    }

    static void closeQuietly(SocketChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Closing to end the connection; the first failure is the one reported.
        }
    }
}
