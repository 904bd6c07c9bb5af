package io.sleepingd.config;

import static io.sleepingd.config.ConfigFiles.load;
import static io.sleepingd.config.ConfigFiles.problems;
import static io.sleepingd.config.ConfigFiles.service;
import static io.sleepingd.config.ConfigFiles.value;
import static io.sleepingd.config.ConfigFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Timeouts and intervals: whole seconds, blank or 0 for none. */
class SecondsTest {
    @TempDir
    Path dir;

    private Path serviceWith(String lines) {
        return write(dir, "sleepingd.conf", "[s]\nPORT=1\n" + lines);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10s", "-1", "abc", "1.5"})
    void nonNumericSecondsAreAnError(String value) {
        Path file = serviceWith("IDLE_TIME=" + value + "\n");

        assertEquals(List.of(file + ":3: IDLE_TIME '" + value + "' is not a whole number of seconds"),
                problems(file));
    }

    @Test
    void everyWholeSecondKeyIsChecked() {
        Path file = write(dir, "sleepingd.conf", """
                SHUTDOWN_GRACE=x
                [s]
                PORT=1
                EXEC_CMD_TIMEOUT=x
                START_CMD_TIMEOUT=x
                STOP_CMD_TIMEOUT=x
                CHECK_CMD_TIMEOUT=x
                IDLE_CMD_TIMEOUT=x
                IDLE_TIME=x
                IDLE_CHECK_INTERVAL=x
                WAKE_TIMEOUT=x
                """);

        assertEquals(List.of(
                file + ":1: SHUTDOWN_GRACE 'x' is not a whole number of seconds",
                file + ":4: EXEC_CMD_TIMEOUT 'x' is not a whole number of seconds",
                file + ":5: START_CMD_TIMEOUT 'x' is not a whole number of seconds",
                file + ":6: STOP_CMD_TIMEOUT 'x' is not a whole number of seconds",
                file + ":7: CHECK_CMD_TIMEOUT 'x' is not a whole number of seconds",
                file + ":8: IDLE_CMD_TIMEOUT 'x' is not a whole number of seconds",
                file + ":9: IDLE_TIME 'x' is not a whole number of seconds",
                file + ":10: IDLE_CHECK_INTERVAL 'x' is not a whole number of seconds",
                file + ":11: WAKE_TIMEOUT 'x' is not a whole number of seconds"), problems(file));
    }

    @Test
    void commandTimeoutsDefaultToExecCmdTimeout() throws Exception {
        Configuration config = load(write(dir, "sleepingd.conf", "EXEC_CMD_TIMEOUT=30\n[s]\nPORT=1\n"));

        for (String key : List.of("START_CMD_TIMEOUT", "STOP_CMD_TIMEOUT", "CHECK_CMD_TIMEOUT", "IDLE_CMD_TIMEOUT")) {
            assertEquals("30", value(config, "s", key), key);
        }
    }

    @Test
    void ownCommandTimeoutOverridesExecCmdTimeout() throws Exception {
        Configuration config = load(serviceWith("EXEC_CMD_TIMEOUT=30\nSTART_CMD_TIMEOUT=120\n"));

        assertEquals("120", value(config, "s", "START_CMD_TIMEOUT"));
        assertEquals("30", value(config, "s", "STOP_CMD_TIMEOUT"));
    }

    @Test
    void zeroCommandTimeoutMeansNoneEvenWithExecCmdTimeout() throws Exception {
        Configuration config = load(serviceWith("EXEC_CMD_TIMEOUT=30\nSTOP_CMD_TIMEOUT=0\n"));

        assertEquals("", value(config, "s", "STOP_CMD_TIMEOUT"));
    }

    @Test
    void blankCommandTimeoutFallsBackToExecCmdTimeout() throws Exception {
        Configuration config = load(serviceWith("EXEC_CMD_TIMEOUT=30\nSTOP_CMD_TIMEOUT=\n"));

        assertEquals("30", value(config, "s", "STOP_CMD_TIMEOUT"));
    }

    @Test
    void idleTimeAndIntervalAreTakenAsGiven() throws Exception {
        ServiceConfig s = service(load(serviceWith("IDLE_TIME=20\nIDLE_CHECK_INTERVAL=5\n")), "s");

        assertEquals(Duration.ofSeconds(20), s.idleTime());
        assertEquals(Duration.ofSeconds(5), s.idleCheckInterval());
    }

    @Test
    void idleCheckIntervalDefaultsToIdleTimeWhenShorterThanTenSeconds() throws Exception {
        ServiceConfig s = service(load(serviceWith("IDLE_TIME=4\n")), "s");

        assertEquals(Duration.ofSeconds(4), s.idleCheckInterval());
        assertEquals("4", s.values().get("IDLE_CHECK_INTERVAL"));
    }

    @Test
    void idleCheckIntervalDefaultsToTenSecondsForLongerIdleTimes() throws Exception {
        ServiceConfig s = service(load(serviceWith("IDLE_TIME=300\nIDLE_CHECK_INTERVAL=0\n")), "s");

        assertEquals(Duration.ofSeconds(10), s.idleCheckInterval());
    }

    @ParameterizedTest
    @ValueSource(strings = {"IDLE_TIME=0", "IDLE_TIME=", "IDLE_CHECK_INTERVAL=5"})
    void withoutIdleTimeIdleStopIsOffAndTheIntervalZero(String line) throws Exception {
        ServiceConfig s = service(load(serviceWith(line + "\n")), "s");

        assertFalse(s.idleStopEnabled());
        assertEquals(Duration.ZERO, s.idleCheckInterval());
    }

    @Test
    void wakeTimeoutIsTakenAsGiven() throws Exception {
        assertEquals(Duration.ofSeconds(5), service(load(serviceWith("WAKE_TIMEOUT=5\n")), "s").wakeTimeout());
    }

    @Test
    void wakeTimeoutZeroIsAnError() {
        Path file = serviceWith("WAKE_TIMEOUT=0\n");

        assertEquals(List.of(file + ":3: WAKE_TIMEOUT '0' must be at least 1 second"), problems(file));
    }

    @Test
    void shutdownGraceIsTakenFromTheGeneralSection() throws Exception {
        Configuration config = load(write(dir, "sleepingd.conf", "SHUTDOWN_GRACE=0\n[s]\nPORT=1\n"));

        assertEquals(Duration.ZERO, config.shutdownGrace());
    }

    @Test
    void shutdownGraceInAServiceIsWarnedAndIgnored() throws Exception {
        Path file = serviceWith("SHUTDOWN_GRACE=3\n");

        Configuration config = load(file);

        assertEquals(Duration.ofSeconds(10), config.shutdownGrace());
        assertEquals(List.of(file + ":3: SHUTDOWN_GRACE is only allowed in the general section, ignored"),
                config.warnings());
    }
}
