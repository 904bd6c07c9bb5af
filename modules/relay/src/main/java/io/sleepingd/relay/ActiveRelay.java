package io.sleepingd.relay;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A connection the relay has taken over: its outcome, and the one safe way to end it early. Closing
 * the channels directly would not do: a channel registered with the event loop is only released when
 * the loop next looks at it.
 *
 * <p>Any thread may call it; what it asks of the connection runs on the connection's loop.
 */
public final class ActiveRelay {
    private final CompletableFuture<RelayOutcome> outcome = new CompletableFuture<>();
    private final Runnable abort;
    private final Supplier<CompletableFuture<ConnectionBytes>> bytes;

    ActiveRelay(Runnable abort, Supplier<CompletableFuture<ConnectionBytes>> bytes) {
        this.abort = abort;
        this.bytes = bytes;
    }

    /** Completes once, when the connection is over; never exceptionally. */
    public CompletableFuture<RelayOutcome> outcome() {
        return outcome;
    }

    /** Closes both sides; the outcome then completes as ended with a {@link RelayAbortedException}. */
    public void abort() {
        abort.run();
    }

    /**
     * What the connection has moved so far, read on its loop (where its counts live, unshared) and
     * completed there; a connection that has ended answers with its final counts.
     */
    public CompletableFuture<ConnectionBytes> bytes() {
        return bytes.get();
    }

    void complete(RelayOutcome result) {
        outcome.complete(result);
    }
}
