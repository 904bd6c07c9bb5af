package io.sleepingd.logging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** A repeated failure is written once per interval; a different one is written at once. */
class RepeatingLogTest {
    private long now;
    private final RepeatingLog log = new RepeatingLog(LoggerFactory.getLogger(RepeatingLogTest.class), Level.WARN,
            Duration.ofSeconds(10), () -> now);

    @Test
    void theFirstOccurrenceIsWritten() {
        assertTrue(log.log("accept failed: Too many open files"));
    }

    @Test
    void theSameMessageWithinTheIntervalIsOnlyCounted() {
        log.log("accept failed: Too many open files");
        now += Duration.ofSeconds(9).toNanos();

        assertFalse(log.log("accept failed: Too many open files"));
    }

    @Test
    void theSameMessageAfterTheIntervalIsWrittenAgain() {
        log.log("accept failed: Too many open files");
        now += Duration.ofSeconds(10).toNanos();

        assertTrue(log.log("accept failed: Too many open files"));
    }

    @Test
    void aDifferentMessageIsWrittenAtOnce() {
        log.log("accept failed: Too many open files");

        assertTrue(log.log("accept failed: Cannot allocate memory"));
    }
}
