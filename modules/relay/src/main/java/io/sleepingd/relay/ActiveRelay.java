package io.sleepingd.relay;

import java.util.concurrent.CompletableFuture;

/**
 * A connection the relay has taken over: its outcome, and the one safe way to end it early. Closing
 * the channels directly would not do: a channel registered with the event loop is only released when
 * the loop next looks at it.
 */
public final class ActiveRelay {
    private final CompletableFuture<RelayOutcome> outcome = new CompletableFuture<>();
    private final Runnable abort;

    ActiveRelay(Runnable abort) {
        this.abort = abort;
    }

    /** Completes once, when the connection is over; never exceptionally. */
    public CompletableFuture<RelayOutcome> outcome() {
        return outcome;
    }

    /** Closes both sides; the outcome then completes as ended with a {@link RelayAbortedException}. */
    public void abort() {
        abort.run();
    }

    void complete(RelayOutcome result) {
        outcome.complete(result);
    }
}
