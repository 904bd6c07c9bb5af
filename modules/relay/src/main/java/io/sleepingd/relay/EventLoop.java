package io.sleepingd.relay;

import java.io.IOException;
import java.nio.channels.SelectableChannel;

/**
 * One of the relay's event loops, as the acceptor sees it: a listening socket is watched by the loop
 * that will also relay the connections it accepts, so that a connection to an awake backend never
 * changes threads (one held during a wake waits on a virtual thread, then goes to the next loop).
 */
public sealed interface EventLoop permits RelayLoop {
    /** Runs the task on the loop's thread: now, if called there. */
    void execute(Runnable task);

    /**
     * Watches {@code channel} (made non-blocking) until it has something to accept or read;
     * {@code handler} is then called on this loop's thread, again while it has. Call it there.
     * Closing the channel ends the watch; see {@link RelayLoops#release}.
     */
    Watch watch(SelectableChannel channel, Ready handler) throws IOException;

    /** A channel an {@link EventLoop} watches; touched on the loop's thread only. */
    interface Watch {
        /** Whether the channel is still watched: open, and not closed by the loop. */
        boolean isValid();

        /** Stops calling the handler until {@link #resume}: for an acceptor out of descriptors. */
        void pause();

        void resume();
    }
}
