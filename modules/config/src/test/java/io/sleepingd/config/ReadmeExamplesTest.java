package io.sleepingd.config;

import static io.sleepingd.config.ConfigFiles.load;
import static io.sleepingd.config.ConfigFiles.service;
import static io.sleepingd.config.ConfigFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The original README's sections 4.1 and 4.2, copied verbatim, read as their author meant. */
class ReadmeExamplesTest {
    @TempDir
    Path dir;

    @Test
    void simpleWebServerExample() throws Exception {
        Path file = write(dir, "sleepingd.conf", """
                [Simple web server for testing purposes]
                # - The service is not active
                ACTIVE=yes
                # - The port in which the sleeping beauty will listen is 10080
                PORT=10080
                # - The command that spawns the server is a dumb web server
                START_CMD="( echo -e 'Response from 8080: $(date)' | nc -l -p 8080 -w 1 > /dev/null 2> /dev/null & ) ; echo '127.0.0.1 8080'"
                """);

        Configuration config = load(file);
        ServiceConfig s = service(config, "Simple web server for testing purposes");

        assertTrue(s.active());
        assertEquals(10080, s.port());
        assertEquals("( echo -e 'Response from 8080: $(date)' | nc -l -p 8080 -w 1 > /dev/null 2> /dev/null & )"
                + " ; echo '127.0.0.1 8080'", s.values().get("START_CMD"));
        assertEquals(List.of(), config.warnings());
    }

    @Test
    void nodeappInDockerContainersExample() throws Exception {
        Path file = write(dir, "sleepingd.conf", """
                [Nodeapp in docker containers]
                # Now the service is active
                ACTIVE=yes
                # The port in which we want the service to listen
                PORT=20080
                # The command to start the effective servers
                START_CMD="/usr/share/sleepingd/example/startserver start"
                # The command to stop the effective servers
                STOP_CMD="/usr/share/sleepingd/example/startserver stop"
                # The command that checks wether the servers are idle or not
                IDLE_CMD="/usr/share/sleepingd/example/startserver status"
                # Tell the sleeping beauty to stop the servers after 20 seconds of being idle
                IDLE_TIME=20
                # Check for idleness each 5 seconds
                IDLE_CHECK_INTERVAL=5
                """);

        ServiceConfig s = service(load(file), "Nodeapp in docker containers");

        assertEquals(20080, s.port());
        assertEquals("/usr/share/sleepingd/example/startserver start", s.values().get("START_CMD"));
        assertEquals("/usr/share/sleepingd/example/startserver stop", s.values().get("STOP_CMD"));
        assertEquals("/usr/share/sleepingd/example/startserver status", s.values().get("IDLE_CMD"));
        assertEquals("false", s.values().get("CHECK_CMD"));
        assertEquals(Duration.ofSeconds(20), s.idleTime());
        assertEquals(Duration.ofSeconds(5), s.idleCheckInterval());
    }
}
