package io.sleepingd.shell;

import static io.sleepingd.shell.Fixtures.TRIGGER;
import static io.sleepingd.shell.Fixtures.backend;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sleepingd.spi.Backend;
import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.Endpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** START_CMD prints exactly one line {@code IP PORT}; anything else is an error saying what it printed. */
@Timeout(60)
class StartCommandTest {

    @Test
    void printedAddressAndPortIsTheEndpoint() throws Exception {
        Backend backend = backend("START_CMD", "echo 127.0.0.1 8081");

        assertEquals(new Endpoint("127.0.0.1", 8081), backend.start(TRIGGER));
    }

    @Test
    void ipv6AddressIsTakenAsPrinted() throws Exception {
        Backend backend = backend("START_CMD", "echo ::1 8081");

        assertEquals(new Endpoint("::1", 8081), backend.start(TRIGGER));
    }

    @Test
    void onlyTheFirstLineCounts() throws Exception {
        Backend backend = backend("START_CMD", "echo 127.0.0.1 8081; echo 10.9.9.9 9999; echo whatever else");

        assertEquals(new Endpoint("127.0.0.1", 8081), backend.start(TRIGGER));
    }

    @Test
    void blanksAroundAndBetweenTheFieldsAreIgnored() throws Exception {
        Backend backend = backend("START_CMD", "printf '  127.0.0.1 \\t 8081  \\r\\n'");

        assertEquals(new Endpoint("127.0.0.1", 8081), backend.start(TRIGGER));
    }

    @Test
    void nonZeroExitStatusIsAnErrorNamingStartCmdAndTheStatus() {
        Backend backend = backend("START_CMD", "echo 127.0.0.1 8081; exit 3");

        BackendException e = assertThrows(BackendException.class, () -> backend.start(TRIGGER));

        assertEquals("START_CMD exited with status 3", e.getMessage());
    }

    @Test
    void extraFieldIsAnError() {
        Backend backend = backend("START_CMD", "echo 127.0.0.1 8081 extra");

        BackendException e = assertThrows(BackendException.class, () -> backend.start(TRIGGER));

        assertEquals("START_CMD printed '127.0.0.1 8081 extra' (3 fields); expected a line 'IP PORT'",
                e.getMessage());
    }

    @Test
    void missingPortIsAnError() {
        Backend backend = backend("START_CMD", "echo 127.0.0.1");

        BackendException e = assertThrows(BackendException.class, () -> backend.start(TRIGGER));

        assertAll(
                () -> assertTrue(e.getMessage().startsWith("START_CMD printed '127.0.0.1'"), e.getMessage()),
                () -> assertTrue(e.getMessage().endsWith("expected a line 'IP PORT'"), e.getMessage()));
    }

    @Test
    void lineWithoutNewlineIsAnError() {
        Backend backend = backend("START_CMD", "printf '127.0.0.1 8081'");

        BackendException e = assertThrows(BackendException.class, () -> backend.start(TRIGGER));

        assertEquals("START_CMD printed '127.0.0.1 8081' without a newline; expected a line 'IP PORT'",
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "70000", "65536", "-1", "abc", "80x", "99999999999"})
    void portOutsideOneTo65535IsAnError(String port) {
        Backend backend = backend("START_CMD", "echo 127.0.0.1 '" + port + "'");

        BackendException e = assertThrows(BackendException.class, () -> backend.start(TRIGGER));

        assertEquals("START_CMD printed '127.0.0.1 " + port + "': '" + port + "' is not a port number (1-65535)",
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 65535})
    void portsAtTheEndsOfTheRangeAreAccepted(int port) throws Exception {
        Backend backend = backend("START_CMD", "echo 127.0.0.1 " + port);

        assertEquals(new Endpoint("127.0.0.1", port), backend.start(TRIGGER));
    }

    @Test
    void noOutputAtAllIsAnError() {
        Backend backend = backend("START_CMD", "true");

        BackendException e = assertThrows(BackendException.class, () -> backend.start(TRIGGER));

        assertAll(
                () -> assertTrue(e.getMessage().startsWith("START_CMD printed ''"), e.getMessage()),
                () -> assertTrue(e.getMessage().endsWith("expected a line 'IP PORT'"), e.getMessage()));
    }

    @Test
    void emptyFirstLineIsAnError() {
        Backend backend = backend("START_CMD", "echo; echo 127.0.0.1 8081");

        BackendException e = assertThrows(BackendException.class, () -> backend.start(TRIGGER));

        assertEquals("START_CMD printed '' (0 fields); expected a line 'IP PORT'", e.getMessage());
    }

    @Test
    void startCmdTimeoutIsAnErrorNamingStartCmd() {
        Backend backend = backend("START_CMD", "sleep 300", "START_CMD_TIMEOUT", "1");

        BackendException e = assertThrows(BackendException.class, () -> backend.start(TRIGGER));

        assertEquals("START_CMD did not finish within 1 s; killed it and its child processes", e.getMessage());
    }

    @Test
    void unsetStartCmdIsAnError() {
        Backend backend = backend();

        BackendException e = assertThrows(BackendException.class, () -> backend.start(TRIGGER));

        assertTrue(e.getMessage().startsWith("START_CMD"), e.getMessage());
    }
}
