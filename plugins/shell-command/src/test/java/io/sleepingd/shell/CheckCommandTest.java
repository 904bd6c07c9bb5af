package io.sleepingd.shell;

import static io.sleepingd.shell.Fixtures.TRIGGER;
import static io.sleepingd.shell.Fixtures.backend;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sleepingd.spi.Backend;
import io.sleepingd.spi.CheckResult;
import io.sleepingd.spi.Endpoint;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CHECK_CMD's exit status says whether the backend runs; its first line may say where. */
@Timeout(60)
class CheckCommandTest {

    @Test
    void exitZeroWithAnAddressIsRunningThere() throws Exception {
        Backend backend = backend("CHECK_CMD", "echo 10.0.0.5 8081");

        assertEquals(new CheckResult.Running(Optional.of(new Endpoint("10.0.0.5", 8081))), backend.check(TRIGGER));
    }

    @Test
    void exitZeroWithoutOutputIsRunningWithoutAnAddress() throws Exception {
        Backend backend = backend("CHECK_CMD", "true");

        assertEquals(new CheckResult.Running(Optional.empty()), backend.check(TRIGGER));
    }

    @Test
    void exitZeroWithOutputThatIsNoAddressIsRunningWithoutAnAddress() throws Exception {
        Backend backend = backend("CHECK_CMD", "echo up and healthy");

        assertEquals(new CheckResult.Running(Optional.empty()), backend.check(TRIGGER));
    }

    @Test
    void nonZeroExitIsNotRunning() throws Exception {
        Backend backend = backend("CHECK_CMD", "exit 1");

        assertEquals(new CheckResult.NotRunning(), backend.check(TRIGGER));
    }

    @Test
    void nonZeroExitIsNotRunningEvenWithAnAddress() throws Exception {
        Backend backend = backend("CHECK_CMD", "echo 10.0.0.5 8081; exit 2");

        assertEquals(new CheckResult.NotRunning(), backend.check(TRIGGER));
    }

    @Test
    void timeoutIsNotRunningRatherThanAnError() throws Exception {
        Backend backend = backend("CHECK_CMD", "sleep 300", "CHECK_CMD_TIMEOUT", "1");

        assertEquals(new CheckResult.NotRunning(), backend.check(TRIGGER));
    }
}
