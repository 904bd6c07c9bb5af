package io.sleepingd.shell;

import static io.sleepingd.shell.Fixtures.backend;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sleepingd.spi.Backend;
import io.sleepingd.spi.BackendException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** IDLE_CMD can veto a stop: exit 0 (or no IDLE_CMD) means idle, anything else means busy. */
@Timeout(60)
class IdleCommandTest {

    @Test
    void unsetIdleCmdIsIdle() throws Exception {
        assertTrue(backend().isIdle());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void blankIdleCmdIsIdle(String blank) throws Exception {
        assertTrue(backend("IDLE_CMD", blank).isIdle());
    }

    @Test
    void exitZeroIsIdle() throws Exception {
        assertTrue(backend("IDLE_CMD", "exit 0").isIdle());
    }

    @Test
    void nonZeroExitIsBusy() throws Exception {
        assertFalse(backend("IDLE_CMD", "exit 1").isIdle());
    }

    @Test
    void timeoutIsAnErrorNamingIdleCmd() {
        Backend backend = backend("IDLE_CMD", "sleep 300", "IDLE_CMD_TIMEOUT", "1");

        BackendException e = assertThrows(BackendException.class, backend::isIdle);

        assertEquals("IDLE_CMD did not finish within 1 s; killed it and its child processes", e.getMessage());
    }
}
