package io.sleepingd.shell;

import static io.sleepingd.shell.Fixtures.backend;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sleepingd.spi.Key;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every command is bounded: without its {@code *_CMD_TIMEOUT} (which the configuration fills from
 * {@code EXEC_CMD_TIMEOUT}), or with 0, each command has a default.
 */
class DefaultTimeoutTest {

    private static ShellCommandBackend opened(String... keysAndValues) {
        return (ShellCommandBackend) backend(keysAndValues);
    }

    @Test
    void checkCmdDefaultsToThirtySeconds() {
        assertEquals(Duration.ofSeconds(30), opened().timeout(Key.CHECK_CMD));
    }

    @Test
    void idleCmdDefaultsToThirtySeconds() {
        assertEquals(Duration.ofSeconds(30), opened().timeout(Key.IDLE_CMD));
    }

    @Test
    void stopCmdDefaultsToOneMinute() {
        assertEquals(Duration.ofSeconds(60), opened().timeout(Key.STOP_CMD));
    }

    @Test
    void startCmdDefaultsToAMinuteBeyondTheServicesWakeTimeout() {
        // The daemon interrupts the wake at WAKE_TIMEOUT (and says so); the default is only a backstop.
        assertEquals(Duration.ofSeconds(105), opened("WAKE_TIMEOUT", "45").timeout(Key.START_CMD));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0"})
    void blankOrZeroMeansTheDefault(String value) {
        assertEquals(Duration.ofSeconds(60), opened("STOP_CMD_TIMEOUT", value).timeout(Key.STOP_CMD));
    }

    @Test
    void aConfiguredTimeoutIsTakenAsGiven() {
        assertEquals(Duration.ofSeconds(300), opened("STOP_CMD_TIMEOUT", "300").timeout(Key.STOP_CMD));
    }
}
