/**
 * The daemon's hot path, kept in one place: event loops, one per core, that connect connections to
 * their backends and move bytes both ways within a budget of buffer memory. The acceptor watches its
 * listening sockets on the same loops, so that a connection to an awake backend never changes threads.
 *
 * <p>Two transports: Linux's epoll and {@code splice(2)} through the Foreign Function &amp; Memory API,
 * and the JDK's selector and channels, which run anywhere. The first needs the launcher's
 * {@code --enable-native-access=io.sleepingd.relay} and
 * {@code --add-exports=java.base/sun.nio.ch=io.sleepingd.relay} (a JDK channel's descriptor);
 * without them the loops run on the second.
 */
module io.sleepingd.relay {
    requires io.sleepingd.logging; // the event loop logs a bug in one connection and goes on with the others

    exports io.sleepingd.relay;
}
