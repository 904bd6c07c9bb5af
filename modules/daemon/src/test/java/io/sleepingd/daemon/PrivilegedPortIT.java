package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A daemon that may not bind a port below 1024 says what it lacks, not only "Permission denied". */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PrivilegedPortIT {
    @TempDir
    Path dir;

    @Test
    void aPortBelow1024WithoutThePrivilegeNamesTheCapability() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "running the daemon as nobody needs root (CI runs as root)");
        int port = freePrivilegedPort();
        Path run = Nobody.prepare(dir);
        Path config = Files.writeString(dir.resolve("sleepingd.conf"),
                "VARRUN_PATH=" + run + "\n[web]\nBIND=127.0.0.1\nPORT=" + port + "\n");
        List<String> asNobody = Nobody.setpriv();
        asNobody.addAll(DaemonHarness.command("run", "-f", config.toString()));

        DaemonHarness.Cli daemon = DaemonHarness.run(dir, asNobody);

        assertEquals(1, daemon.exitStatus(), daemon.out() + daemon.err());
        assertTrue((daemon.out() + daemon.err()).contains("cannot listen on 127.0.0.1 port " + port
                + ": Permission denied (a port below 1024 needs root or the capability CAP_NET_BIND_SERVICE"),
                daemon.out() + daemon.err());
    }

    /** A port below 1024 nobody listens on: root may bind it, so the test can find one. */
    private static int freePrivilegedPort() {
        for (int port = 1023; port > 900; port--) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try the next
            }
        }
        throw new AssertionError("no free port between 901 and 1023");
    }
}
