package io.sleepingd.relay;

import java.io.IOException;

/**
 * The failure of a relay the loop ended because one side stopped taking data while the buffer budget
 * was spent and other connections waited for memory: the daemon ended it, to keep the others going.
 */
public final class RelayStalledException extends IOException {
    RelayStalledException(String message) {
        super(message);
    }
}
