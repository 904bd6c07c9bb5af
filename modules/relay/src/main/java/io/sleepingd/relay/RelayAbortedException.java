package io.sleepingd.relay;

import java.io.IOException;

/** The failure of a relay ended by {@link ActiveRelay#abort()}: the daemon ended it, not a peer. */
public final class RelayAbortedException extends IOException {
    RelayAbortedException() {
        super("relay aborted");
    }
}
