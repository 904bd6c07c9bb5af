package io.sleepingd.shell;

import static io.sleepingd.shell.Fixtures.awaitDeath;
import static io.sleepingd.shell.Fixtures.backend;
import static io.sleepingd.shell.Fixtures.escapeIntoANewSession;
import static io.sleepingd.shell.Fixtures.killIfSaved;
import static io.sleepingd.shell.Fixtures.savedPid;
import static io.sleepingd.shell.Fixtures.settings;
import static io.sleepingd.shell.Fixtures.sq;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sleepingd.spi.Backend;
import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.Key;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** STOP_CMD puts the backend to sleep; a non-zero exit status is a failure to stop. */
@Timeout(60)
class StopCommandTest {
    @TempDir
    Path dir;

    @Test
    void exitZeroStopsWithoutError() throws Exception {
        Path stopped = dir.resolve("stopped");
        Backend backend = backend("STOP_CMD", "touch " + sq(stopped));

        backend.stop();

        assertTrue(Files.exists(stopped), "STOP_CMD ran");
    }

    @Test
    void withoutStopCmdThereIsNothingToStopAndNoError() {
        assertDoesNotThrow(() -> backend().stop());
        assertDoesNotThrow(() -> backend("STOP_CMD", "false").stop()); // the default the configuration fills in
        assertDoesNotThrow(() -> backend("STOP_CMD", " ").stop());
    }

    @Test
    void nonZeroExitIsAnErrorNamingStopCmdAndTheStatus() {
        Backend backend = backend("STOP_CMD", "exit 4");

        BackendException e = assertThrows(BackendException.class, backend::stop);

        assertEquals("STOP_CMD exited with status 4", e.getMessage());
    }

    @Test
    void timeoutIsAnErrorNamingStopCmd() {
        Backend backend = backend("STOP_CMD", "sleep 300", "STOP_CMD_TIMEOUT", "1");

        BackendException e = assertThrows(BackendException.class, backend::stop);

        assertEquals("STOP_CMD did not finish within 1 s; killed it and its child processes", e.getMessage());
    }

    @Test
    void aHangingStopCmdWithoutATimeoutIsKilledWithEverythingItStartedAfterTheDefaultAndFails() throws Exception {
        Path pidFile = dir.resolve("escaped.pid");
        // As the provider opens it, but with a default of 1 s for STOP_CMD instead of 60 s.
        Backend backend = new ShellCommandBackend(settings("STOP_CMD", escapeIntoANewSession(pidFile) + "sleep 1000"),
                new ShellRunner("web", Optional.empty()), Map.of(Key.STOP_CMD, Duration.ofSeconds(1)));
        try {
            BackendException e = assertThrows(BackendException.class, backend::stop);

            assertEquals("STOP_CMD did not finish within 1 s; killed it and its child processes", e.getMessage());
            awaitDeath(savedPid(pidFile)); // a survivor never dies and fails the @Timeout
        } finally {
            killIfSaved(pidFile);
        }
    }
}
