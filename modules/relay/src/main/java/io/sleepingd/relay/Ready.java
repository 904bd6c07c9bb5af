package io.sleepingd.relay;

import java.nio.channels.SelectionKey;

/** What a {@link RelayLoop} key is attached to: told, on the loop's thread, that its channel is ready. */
interface Ready {
    void ready(SelectionKey key);

    /** A bug (or an Error such as OutOfMemoryError) surfaced while handling readiness: end what can be ended; the loop has logged it and goes on. */
    void failed(Throwable bug);
}
