package io.sleepingd.relay;

import java.io.IOException;

/** How a connection handed to the relay ended: relayed to its end, or never connected to its backend. */
public sealed interface RelayOutcome {
    /** Relayed until both directions ended, one failed, or the relay was aborted; both channels are closed. */
    record Ended(RelayResult result) implements RelayOutcome {
    }

    /**
     * The backend did not accept; the client's channel is untouched (open, blocking, never read), so the
     * caller can still wake the backend and try again.
     */
    record NotConnected(IOException failure) implements RelayOutcome {
    }
}
