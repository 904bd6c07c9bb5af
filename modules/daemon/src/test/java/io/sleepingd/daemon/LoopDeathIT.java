package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jdi.Bootstrap;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.AttachingConnector;
import com.sun.jdi.connect.Connector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A relay loop that dies anyway (an {@code Error} outside any one connection's handling) must stop
 * the daemon with a non-zero status, so that systemd restarts it, rather than leave it serving half
 * its ports. The fault is real: the test attaches to the running daemon through the JDK's debugger
 * interface (JDI) and throws an {@code OutOfMemoryError} into the thread {@code relay-loop-0}, as the
 * JVM would; nothing in the daemon is built for the test.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LoopDeathIT {
    private static final Pattern DEBUG_PORT = Pattern.compile("Listening for transport dt_socket at address: (\\d+)");

    @TempDir
    Path dir;

    @Test
    void aRelayLoopThatDiesStopsTheDaemonWithStatusOne() throws Exception {
        try (DaemonHarness daemon = DaemonHarness.with(dir, """
                SHUTDOWN_GRACE=1
                [web]
                BIND=127.0.0.1
                PORT=%d
                START_CMD="echo 127.0.0.1 1"
                STOP_CMD=true
                """.formatted(DaemonHarness.freePort())).startForeground(
                        List.of("-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0"))) {
            Matcher port = DEBUG_PORT.matcher(daemon.log());
            assertTrue(port.find(), "the debug agent's port in the log:\n" + daemon.log());

            throwIntoThread(port.group(1), "relay-loop-0");

            assertEquals(1, daemon.awaitExit(Duration.ofSeconds(90)), "exit status; log:\n" + daemon.log());
        }
    }

    /** Throws one of the JVM's preallocated {@code OutOfMemoryError}s into the named thread. */
    private static void throwIntoThread(String debugPort, String threadName) throws Exception {
        AttachingConnector socket = Bootstrap.virtualMachineManager().attachingConnectors().stream()
                .filter(connector -> connector.name().equals("com.sun.jdi.SocketAttach")).findFirst().orElseThrow();
        Map<String, Connector.Argument> arguments = socket.defaultArguments();
        arguments.get("hostname").setValue("127.0.0.1");
        arguments.get("port").setValue(debugPort);
        VirtualMachine vm = socket.attach(arguments);
        try {
            ThreadReference thread = vm.allThreads().stream().filter(t -> t.name().equals(threadName)).findFirst()
                    .orElseThrow(() -> new AssertionError("no thread named " + threadName));
            List<ObjectReference> errors = vm.classesByName("java.lang.OutOfMemoryError").getFirst().instances(1);
            assertFalse(errors.isEmpty(), "the JVM has preallocated OutOfMemoryErrors");
            thread.stop(errors.getFirst());
        } finally {
            vm.dispose();
        }
    }
}
