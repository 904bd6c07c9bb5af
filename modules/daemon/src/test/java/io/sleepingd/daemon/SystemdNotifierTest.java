package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The sd_notify datagram, received by netcat on a real Unix datagram socket (systemd's side, SystemdIT). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SystemdNotifierTest {
    @TempDir
    Path dir;

    @Test
    void theStateArrivesAsOneDatagramOnTheNamedSocket() throws Exception {
        Path socket = dir.resolve("notify");
        Process receiver = new ProcessBuilder("nc", "-l", "-k", "-U", "-u", socket.toString()).start();
        try {
            while (!Files.exists(socket)) {
                Thread.sleep(20);
            }

            new SystemdNotifier(socket.toString()).send("READY=1");

            assertEquals("READY=1", new String(receiver.getInputStream().readNBytes(7), StandardCharsets.UTF_8));
        } finally {
            receiver.destroy();
        }
    }

    @Test
    void aSocketThatIsNotThereIsAnErrorNamingItAndTheReason() {
        Path socket = dir.resolve("absent");

        IOException failure = assertThrows(IOException.class, () -> new SystemdNotifier(socket.toString()).send("READY=1"));

        assertTrue(failure.getMessage().contains(socket.toString())
                && failure.getMessage().contains("sendto failed: No such file or directory"), failure.getMessage());
    }
}
