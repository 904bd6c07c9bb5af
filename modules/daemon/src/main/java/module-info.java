/**
 * The {@code sleepingd} command: CLI verbs, the daemon's wiring, its control socket and shutdown.
 * Run with {@code --enable-native-access=io.sleepingd.daemon}: CLibrary calls the C library for systemd
 * (SystemdNotifier: sd_notify; SystemdSockets: the sockets of socket activation).
 */
module io.sleepingd.daemon {
    requires io.sleepingd.config;
    requires io.sleepingd.lifecycle;
    requires io.sleepingd.acceptor;
    requires io.sleepingd.hooks;
    requires io.sleepingd.admin; // status as text and JSON, and the admin HTTP endpoint (ADMIN_ADDRESS)
    requires io.sleepingd.relay; // starts and closes the event loops; stops (status 1) when one dies rather than serve half its ports
    requires io.sleepingd.logging;
    requires jdk.unsupported; // sun.misc.Signal: SIGHUP reloads, the only way the JDK handles a signal
    requires ch.qos.logback.classic; // -v and --debug set levels on logback's loggers directly
    requires ch.qos.logback.core; // the journal's priority prefixes and LOG_FORMAT=json swap the appender's encoder
}
