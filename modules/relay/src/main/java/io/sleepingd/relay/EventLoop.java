package io.sleepingd.relay;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;

/**
 * One of the relay's event loops, as the acceptor sees it: a listening socket is watched by the loop
 * that will also relay the connections it accepts, so that a connection to an awake backend never
 * changes threads (one held during a wake waits on a virtual thread, then goes to the next loop).
 */
public sealed interface EventLoop permits RelayLoop {
    /** Runs the task on the loop's thread: now, if called there. */
    void execute(Runnable task);

    /**
     * Watches {@code channel} (made non-blocking) for {@code ops}; {@code handler} is then called on
     * this loop's thread. Call it there. Closing the channel ends the watch; see {@link RelayLoops#release}.
     */
    SelectionKey watch(SelectableChannel channel, int ops, Ready handler) throws IOException;
}
