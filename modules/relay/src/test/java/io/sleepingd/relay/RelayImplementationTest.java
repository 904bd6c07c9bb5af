package io.sleepingd.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The relay's tests run once per implementation (see this module's pom): this one checks that the
 * run really uses the implementation it claims, so that both stay tested.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RelayImplementationTest {

    @Test
    void theSelectedImplementationIsTheOneThatRelays() throws Exception {
        boolean loop = !"threads".equals(System.getProperty("sleepingd.relay"));
        try (RelayedConnection.Servers servers = new RelayedConnection.Servers();
             RelayedConnection c = servers.connect(new LongAdder())) {
            c.client.getOutputStream().write("ping".getBytes());
            assertArrayEquals("ping".getBytes(), c.backend.getInputStream().readNBytes(4));
            boolean loopThreadsRunning = Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(thread -> thread.getName().startsWith("relay-loop-"));
            assertEquals(loop, loopThreadsRunning, "sleepingd.relay=" + System.getProperty("sleepingd.relay"));
        }
    }
}
