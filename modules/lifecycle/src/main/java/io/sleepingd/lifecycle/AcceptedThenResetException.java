package io.sleepingd.lifecycle;

import io.sleepingd.spi.Endpoint;
import java.io.IOException;

/**
 * The backend accepted a connection and reset it before the connect was seen to finish: the
 * backend is up, and the client's connection was served, briefly, and must end with a reset too.
 */
final class AcceptedThenResetException extends IOException {
    private static final long serialVersionUID = 1L;

    AcceptedThenResetException(Endpoint endpoint, IOException reset) {
        super("backend " + endpoint + " reset the connection as it accepted it", reset);
    }
}
