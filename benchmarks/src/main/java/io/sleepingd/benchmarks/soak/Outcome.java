package io.sleepingd.benchmarks.soak;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;

/** How one connection of the soak ended, as its client saw it. */
enum Outcome {
    /** Every byte arrived, the checksum matched, then a clean end of stream. */
    OK("ok"),
    /** The client saw a reset (or a broken pipe): an error, as a cut connection must look. */
    RESET("reset"),
    /** Not done within TRANSFER_TIMEOUT (or a connect not answered): something hangs. */
    TIMEOUT("timeout"),
    /** The daemon's port refused the connection. */
    REFUSED("refused"),
    /** Any other I/O error. */
    ERROR("other error"),
    /** A clean end of stream before all the bytes: a cut connection that looked complete. */
    TRUNCATED_CLEAN("truncated, looked complete"),
    /** The length or the checksum is wrong. */
    CORRUPTED("corrupted");

    final String label;

    Outcome(String label) {
        this.label = label;
    }

    /** What an I/O failure means for the client (the caller has already checked its own timeout). */
    static Outcome of(IOException failure) {
        if (failure instanceof ConnectException) {
            return failure.getMessage() != null && failure.getMessage().contains("timed out") ? TIMEOUT : REFUSED;
        }
        if (failure instanceof SocketTimeoutException) {
            return TIMEOUT;
        }
        String message = String.valueOf(failure.getMessage());
        if (message.contains("reset") || message.contains("Broken pipe")) {
            return RESET;
        }
        return ERROR;
    }
}
