package io.sleepingd.shell;

import static io.sleepingd.shell.Fixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.Endpoint;
import io.sleepingd.spi.Key;
import io.sleepingd.spi.ServiceSettings;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** SLEEP_MODE for the shell provider: which backend it opens, and START_CMD's line with a pid. */
class PauseSettingsTest {
    private static ServiceSettings settings(Map<String, String> values) throws Exception {
        Set<Key<?>> keys = new ShellCommandProvider().keys();
        return ServiceSettings.parse("web", 20080, Optional.empty(), values, keys);
    }

    @Test
    void sleepModePauseOpensThePausingBackendAndStopTheShellOne() throws Exception {
        ShellCommandProvider provider = new ShellCommandProvider();

        assertInstanceOf(PausingShellBackend.class, provider.open(settings(Map.of("SLEEP_MODE", "pause"))));
        assertInstanceOf(ShellCommandBackend.class, provider.open(settings(Map.of("SLEEP_MODE", "stop"))));
        assertInstanceOf(ShellCommandBackend.class, provider.open(settings(Map.of())));
    }

    @Test
    void aPidfileWithoutPauseIsAnError() {
        assertEquals("PAUSE_PIDFILE is for SLEEP_MODE=pause", assertThrows(BackendException.class,
                () -> new ShellCommandProvider().open(settings(Map.of("PAUSE_PIDFILE", "/run/app.pid")))).getMessage());
    }

    @Test
    void withPauseStartCmdMayPrintThePidAfterTheAddress() throws Exception {
        EndpointLine.Started started = EndpointLine.parse("START_CMD", run("echo 127.0.0.1 8081 4242"), true);

        assertEquals(new Endpoint("127.0.0.1", 8081), started.endpoint());
        assertEquals(OptionalLong.of(4242), started.pid());
        assertEquals("START_CMD printed '127.0.0.1 8081 x': 'x' is not a pid", assertThrows(BackendException.class,
                        () -> EndpointLine.parse("START_CMD", run("echo 127.0.0.1 8081 x"), true)).getMessage());
    }
}
