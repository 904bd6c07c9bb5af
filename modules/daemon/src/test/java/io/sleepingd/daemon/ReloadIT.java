package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code sleepingd reload}: the running daemon reads its configuration files again (systemd's ExecReload). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReloadIT {
    @TempDir
    Path dir;

    private String service(String name, int port, TestBackend backend) {
        return """
                [%s]
                BIND=127.0.0.1
                PORT=%d
                START_CMD="echo start %s >> %s/events; echo %s"
                STOP_CMD="echo stop %s >> %s/events"
                """.formatted(name, port, name, dir, backend.address(), name, dir);
    }

    private static boolean listens(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void rewrite(DaemonHarness daemon, String configuration) throws Exception {
        Files.writeString(daemon.config, "VARRUN_PATH=" + dir.resolve("run") + "\n" + configuration);
    }

    @Test
    void anAddedServiceListensAndARemovedOneStopsListening() throws Exception {
        int first = DaemonHarness.freePort();
        int second = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service("First", first, backend)).startForeground()) {
            rewrite(daemon, service("Second", second, backend));

            DaemonHarness.Cli reload = daemon.cli("reload");

            assertAll(
                    () -> assertEquals(0, reload.exitStatus(), reload.out() + reload.err()),
                    () -> assertTrue(reload.out().startsWith("reloaded: 1 service(s); 1 started, 1 stopped"), reload.out()),
                    () -> assertEquals("echo:hello", Client.exchange(second, "hello")),
                    () -> assertThrows(ConnectException.class,
                            () -> new Socket(InetAddress.getLoopbackAddress(), first).close()));
        }
    }

    @Test
    void sighupReloadsLikeTheReloadCommandInsteadOfStoppingTheDaemon() throws Exception {
        int first = DaemonHarness.freePort();
        int second = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service("First", first, backend)).startForeground()) {
            rewrite(daemon, service("First", first, backend) + service("Second", second, backend));

            Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(daemon.process().pid())).start();
            assertEquals(0, kill.waitFor());

            daemon.await("the added service to listen", Duration.ofSeconds(30), () -> listens(second));
            assertEquals("echo:hello", Client.exchange(second, "hello"));
            assertTrue(daemon.process().isAlive(), "still running after SIGHUP");
            assertEquals("echo:first", Client.exchange(first, "first"));
        }
    }

    @Test
    void aConfigurationWithProblemsIsRefusedAndTheRunningOneStays() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service("Web app", port, backend)).startForeground()) {
            rewrite(daemon, "[Web app]\nPORT=eighty\n");

            DaemonHarness.Cli reload = daemon.cli("reload");

            assertAll(
                    () -> assertEquals(1, reload.exitStatus(), reload.out()),
                    // judged by the daemon, which reads its own files again: the CLI needs no configuration
                    () -> assertTrue(reload.out().contains(daemon.config + ":3"), "names the file and line: " + reload.out()),
                    () -> assertTrue(reload.out().contains("nothing changed"), reload.out()),
                    () -> assertEquals("echo:still here", Client.exchange(port, "still here")));
        }
    }

    @Test
    void anUnchangedServiceKeepsItsAwakeBackend() throws Exception {
        int kept = DaemonHarness.freePort();
        int added = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service("Kept", kept, backend)).startForeground()) {
            assertEquals("echo:before", Client.exchange(kept, "before")); // wakes it
            rewrite(daemon, service("Kept", kept, backend) + service("Added", added, backend));

            DaemonHarness.Cli reload = daemon.cli("reload");

            assertAll(
                    () -> assertEquals(0, reload.exitStatus(), reload.out() + reload.err()),
                    () -> assertTrue(reload.out().contains("1 started, 0 stopped"), reload.out()),
                    () -> assertEquals("awake", daemon.state("Kept"), "still awake"),
                    () -> assertEquals("echo:after", Client.exchange(kept, "after")),
                    () -> assertEquals("start Kept\n", Files.readString(dir.resolve("events")),
                            "woken once, never stopped"));
        }
    }

    @Test
    void aServiceWhosePortChangedStopsItsBackendBeforeItsNewSettingsWakeIt() throws Exception {
        int port = DaemonHarness.freePort();
        int moved = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service("Web app", port, backend)).startForeground()) {
            assertEquals("echo:before", Client.exchange(port, "before")); // wakes it
            rewrite(daemon, service("Web app", moved, backend));

            DaemonHarness.Cli reload = daemon.cli("reload");
            String after = Client.exchange(moved, "after");

            assertAll(
                    () -> assertEquals(0, reload.exitStatus(), reload.out() + reload.err()),
                    () -> assertTrue(reload.out().contains("1 started, 1 stopped"), reload.out()),
                    () -> assertEquals("echo:after", after),
                    () -> assertEquals("start Web app\nstop Web app\nstart Web app\n",
                            Files.readString(dir.resolve("events")), "stopped by the old settings, then woken by the new"));
        }
    }

    @Test
    void aChangedServiceOnTheSamePortKeepsItsLiveConnectionsPastTheGracePeriodAndItsAwakeBackend() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, "SHUTDOWN_GRACE=1\n" + service("Web app", port, backend))
                     .startForeground();
             Socket live = new Socket(InetAddress.getLoopbackAddress(), port)) {
            live.setSoTimeout(30_000);
            live.getOutputStream().write("one ".getBytes()); // wakes the backend, and stays open
            daemon.await("the backend to be awake", Duration.ofSeconds(30),
                    () -> daemon.state("Web app").equals("awake"));
            rewrite(daemon, "SHUTDOWN_GRACE=1\n" + service("Web app", port, backend) + "IDLE_TIME=600\n");

            DaemonHarness.Cli reload = daemon.cli("reload");
            Thread.sleep(2_000); // past SHUTDOWN_GRACE, which used to close it
            live.getOutputStream().write("two".getBytes());
            live.shutdownOutput();
            String liveAnswer = new String(live.getInputStream().readAllBytes());

            assertAll(
                    () -> assertEquals(0, reload.exitStatus(), reload.out() + reload.err()),
                    () -> assertTrue(reload.out().contains("0 started, 0 stopped (a moved one is both), 1 changed in place"),
                            reload.out()),
                    () -> assertEquals("echo:one two", liveAnswer, "the connection went on"),
                    () -> assertEquals("echo:new", Client.exchange(port, "new")),
                    () -> assertEquals("awake", daemon.state("Web app")),
                    () -> assertEquals("start Web app\n", Files.readString(dir.resolve("events")),
                            "the awake backend went on: not stopped, not woken again"));
        }
    }

    @Test
    void aServiceChangedWhileWakingHandsTheBackendAndTheConnectionThatWaitedForItOverOnceAwake() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo()) {
            String slowWake = """
                    SHUTDOWN_GRACE=1
                    [Web app]
                    BIND=127.0.0.1
                    PORT=%d
                    START_CMD="sleep 2; echo start Web app >> %s/events; echo %s"
                    """.formatted(port, dir, backend.address());
            try (DaemonHarness daemon = DaemonHarness.with(dir, slowWake).startForeground();
                 Socket waiting = new Socket(InetAddress.getLoopbackAddress(), port)) {
                waiting.setSoTimeout(30_000);
                waiting.getOutputStream().write("one ".getBytes()); // held while START_CMD sleeps
                daemon.await("the wake", Duration.ofSeconds(30), () -> daemon.state("Web app").equals("waking"));
                rewrite(daemon, slowWake + "IDLE_TIME=600\n");

                DaemonHarness.Cli reload = daemon.cli("reload");
                daemon.await("the backend awake", Duration.ofSeconds(30), () -> daemon.state("Web app").equals("awake"));
                Thread.sleep(2_000); // past SHUTDOWN_GRACE, which would have cut it
                waiting.getOutputStream().write("two".getBytes());
                waiting.shutdownOutput();
                String answer = new String(waiting.getInputStream().readAllBytes());

                assertAll(
                        () -> assertTrue(reload.out().contains("1 changed in place"), reload.out()),
                        () -> assertEquals("echo:one two", answer, "served once awake, and not cut"),
                        () -> assertEquals("start Web app\n", Files.readString(dir.resolve("events")),
                                "woken once, never stopped"),
                        () -> assertEquals("echo:new", Client.exchange(port, "new")));
            }
        }
    }

    @Test
    void theConnectionsOfTheOldSettingsKeepTheBackendFromTheNewSettingsIdleStop() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service("Web app", port, backend)).startForeground();
             Socket live = new Socket(InetAddress.getLoopbackAddress(), port)) {
            live.getOutputStream().write("one".getBytes());
            daemon.await("the backend to be awake", Duration.ofSeconds(30),
                    () -> daemon.state("Web app").equals("awake"));
            rewrite(daemon, service("Web app", port, backend) + "IDLE_TIME=1\nIDLE_CHECK_INTERVAL=1\n");
            assertEquals(0, daemon.cli("reload").exitStatus());

            Thread.sleep(3_000); // three idle checks of the new settings, with the old connection open
            String whileOpen = Files.readString(dir.resolve("events"));
            live.close();
            daemon.await("the idle stop once the old connection ended", Duration.ofSeconds(30),
                    () -> daemon.lines("events").contains("stop Web app"));

            assertEquals("start Web app\n", whileOpen, "no idle stop while the connection was open");
        }
    }

    @Test
    void aServiceWhoseProviderChangedKeepsItsConnectionsOnTheOldBackendAndStopsItAfterTheLastOne() throws Exception {
        Path plugins = Files.createDirectory(dir.resolve("plugins"));
        Path examplePlugin = Path.of(System.getProperty("sleepingd.example.plugin"));
        Files.copy(examplePlugin, plugins.resolve(examplePlugin.getFileName()));
        int port = DaemonHarness.freePort();
        String general = "PLUGIN_DIR=" + plugins + "\nSHUTDOWN_GRACE=1\n";
        try (TestBackend oldBackend = TestBackend.echo();
             TestBackend newBackend = TestBackend.listen(0, request -> TestBackend.concat("new:".getBytes(), request));
             DaemonHarness daemon = DaemonHarness.with(dir, general + service("Web app", port, oldBackend)).startForeground();
             Socket live = new Socket(InetAddress.getLoopbackAddress(), port)) {
            live.setSoTimeout(30_000);
            live.getOutputStream().write("one ".getBytes());
            daemon.await("the backend to be awake", Duration.ofSeconds(30), () -> daemon.state("Web app").equals("awake"));
            rewrite(daemon, general + """
                    [Web app]
                    BIND=127.0.0.1
                    PORT=%d
                    PROVIDER=fixed-address
                    FIXED_ADDRESS="%s"
                    """.formatted(port, newBackend.address()));

            assertEquals(0, daemon.cli("reload").exitStatus());
            String fresh = Client.exchange(port, "fresh");
            Thread.sleep(2_000); // past SHUTDOWN_GRACE
            live.getOutputStream().write("two".getBytes());
            live.shutdownOutput();
            String liveAnswer = new String(live.getInputStream().readAllBytes());
            daemon.await("the old backend's stop after its last connection", Duration.ofSeconds(30),
                    () -> daemon.lines("events").contains("stop Web app"));

            assertAll(
                    () -> assertEquals("new:fresh", fresh, "a new connection gets the new settings"),
                    () -> assertEquals("echo:one two", liveAnswer, "the live one went on with the old backend"));
        }
    }



    @Test
    void reloadWithoutARunningDaemonSaysSoAndExitsSeven() throws Exception {
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, service("Web app", DaemonHarness.freePort(), backend))) {
            DaemonHarness.Cli reload = daemon.cli("reload");

            assertAll(
                    () -> assertEquals(7, reload.exitStatus()),
                    () -> assertEquals("sleepingd is not running\n", reload.out()));
        }
    }
}
