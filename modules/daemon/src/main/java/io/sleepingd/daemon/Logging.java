package io.sleepingd.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Applies -v and --debug to logback before anything logs, and writes log lines the way the platform
 * reads them: under systemd (standard error is the stream {@code JOURNAL_STREAM} names) each line starts with its syslog priority
 * ({@code <3>} for an error), which the journal strips and keeps, so that {@code journalctl -p err}
 * works, and has no timestamp of its own (the journal's is exact); elsewhere with a timestamp and its
 * zone (logback.xml); with {@code LOG_FORMAT=json}, a JSON object per line for log shippers
 * (logback's {@link JsonEncoder}), from the moment the configuration is read.
 */
final class Logging {
    private static final String APPENDER = "STDERR"; // logback.xml's

    private Logging() {
    }

    static void configure(boolean verbose, boolean debug) {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(debug ? Level.DEBUG : Level.INFO);
        Logger ours = (Logger) LoggerFactory.getLogger("io.sleepingd");
        ours.setLevel(verbose || debug ? Level.DEBUG : Level.INFO);
        if (standardErrorIsTheJournal()) {
            LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
            JournalLayout layout = new JournalLayout();
            layout.setContext(root.getLoggerContext());
            layout.start();
            encoder.setLayout(layout);
            use(encoder);
        }
    }

    /**
     * Whether standard error is the journal's stream: systemd names it in {@code JOURNAL_STREAM} as
     * {@code DEVICE:INODE}, and a process whose standard error went elsewhere (the log file of
     * {@code sleepingd start} run from a unit) inherits the variable but not the stream (systemd.exec(5)).
     */
    private static boolean standardErrorIsTheJournal() {
        String stream = System.getenv("JOURNAL_STREAM");
        if (stream == null || !stream.matches("\\d+:\\d+")) {
            return false;
        }
        try {
            Map<String, Object> stderr = Files.readAttributes(Path.of("/proc/self/fd/2"), "unix:dev,ino");
            return stream.equals(stderr.get("dev") + ":" + stderr.get("ino"));
        } catch (IOException | UnsupportedOperationException e) {
            return false; // cannot tell: the text format, which reads everywhere
        }
    }

    /**
     * {@code LOG_FORMAT=json}: every line from now on is a JSON object with the time, level, thread,
     * logger, the message as written ({@code formattedMessage}) and any exception; not the message's
     * pattern and arguments apart, nor logback's context, which a log shipper has no use for.
     */
    static void json() {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        use(encoder);
    }

    @SuppressWarnings("unchecked") // logback.xml's appender writes logging events
    private static void use(Encoder<ILoggingEvent> encoder) {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        LoggerContext context = root.getLoggerContext();
        ConsoleAppender<ILoggingEvent> appender = (ConsoleAppender<ILoggingEvent>) root.getAppender(APPENDER);
        encoder.setContext(context);
        encoder.start();
        appender.stop();
        appender.setEncoder(encoder);
        appender.start();
    }

    /** {@code <priority>message}, the priority prefix of sd-daemon(3) on every line, a stack trace's included. */
    private static final class JournalLayout extends LayoutBase<ILoggingEvent> {
        @Override
        public String doLayout(ILoggingEvent event) {
            String prefix = "<" + priority(event.getLevel()) + ">";
            StringBuilder line = new StringBuilder(prefix).append(event.getFormattedMessage()).append('\n');
            if (event.getThrowableProxy() != null) {
                ThrowableProxyUtil.asString(event.getThrowableProxy()).lines()
                        .forEach(trace -> line.append(prefix).append(trace).append('\n'));
            }
            return line.toString();
        }

        private static int priority(Level level) {
            return switch (level.toInt()) {
                case Level.ERROR_INT -> 3;
                case Level.WARN_INT -> 4;
                case Level.INFO_INT -> 6;
                default -> 7;
            };
        }
    }
}
