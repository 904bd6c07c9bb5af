package io.sleepingd.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Applies -v and --debug to logback before anything logs. */
final class Logging {
    private Logging() {
    }

    static void configure(boolean verbose, boolean debug) {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(debug ? Level.DEBUG : Level.INFO);
        Logger ours = (Logger) LoggerFactory.getLogger("io.sleepingd");
        ours.setLevel(verbose || debug ? Level.DEBUG : Level.INFO);
    }
}
