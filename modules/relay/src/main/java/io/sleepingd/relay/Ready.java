package io.sleepingd.relay;

import java.nio.channels.SelectionKey;

/**
 * What a channel an {@link EventLoop} watches is attached to: told, on the loop's thread, that the
 * channel is ready. The relay's connections are, and so are the acceptor's listening sockets.
 */
public interface Ready {
    void ready(SelectionKey key);

    /**
     * A bug (or an Error such as OutOfMemoryError) surfaced in {@link #ready}: end what can be ended.
     * The loop has logged it and goes on.
     */
    void failed(Throwable bug);
}
