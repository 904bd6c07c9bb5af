package io.sleepingd.benchmarks.soak;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Optional;

/** Opening and closing the connections that soak clients hold open (slowloris, stalled readers), counted. */
final class HeldSockets {
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private HeldSockets() {
    }

    /**
     * A connection, counted as made and open; empty when it failed, which is recorded, after a
     * pause of a second so that a daemon that refuses is not hammered.
     */
    static Optional<Socket> open(InetSocketAddress target, Tally tally, SoakClock clock) {
        Socket socket = new Socket();
        try {
            tally.connection();
            socket.connect(target, CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            tally.record(TransferResult.failed(Outcome.of(e), e.getMessage()));
            closeQuietly(socket);
            clock.sleepDuringLoad(1000);
            return Optional.empty();
        }
        tally.opened();
        return Optional.of(socket);
    }

    /** Closes a connection {@link #open} made, counted as no longer open. */
    static void close(Socket socket, Tally tally) {
        closeQuietly(socket);
        tally.closed();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // done with it
        }
    }
}
