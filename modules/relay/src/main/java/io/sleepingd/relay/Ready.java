package io.sleepingd.relay;

/**
 * What a channel an {@link EventLoop} watches is attached to: told, on the loop's thread, that the
 * channel has something to accept or read. The acceptor's listening sockets are.
 */
public interface Ready {
    void ready();

    /**
     * A bug (or an Error such as OutOfMemoryError) surfaced in {@link #ready}: end what can be ended.
     * The loop has logged it and goes on.
     */
    void failed(Throwable bug);
}
