package io.sleepingd.relay;

import java.util.concurrent.atomic.LongAdder;

/**
 * The bytes a service's connections relayed, each direction on its own: the relay's loops add to it
 * as they move bytes, and anyone may read it. A {@link LongAdder} per direction, since many loops add
 * at once and reads (an idle check, a scrape) are rare: an add is the hot path's one shared write.
 */
public final class Traffic {
    private final LongAdder toBackend = new LongAdder();
    private final LongAdder toClient = new LongAdder();

    /** Bytes the clients sent, relayed to the backend. */
    public long toBackend() {
        return toBackend.sum();
    }

    /** Bytes the backend sent, relayed to the clients. */
    public long toClient() {
        return toClient.sum();
    }

    /** Both directions: what the idle check compares to see whether anything moved. */
    public long sum() {
        return toBackend.sum() + toClient.sum();
    }

    LongAdder toBackendAdder() {
        return toBackend;
    }

    LongAdder toClientAdder() {
        return toClient;
    }
}
