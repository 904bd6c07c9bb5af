package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drop-in provider jars: the example third-party plugin (examples/plugin, built by the reactor)
 * is used from a plugins directory after a restart with no rebuild; broken jars next to it are
 * reported with their paths and cost only the services that name them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PluginsIT {
    private static final Path EXAMPLE_PLUGIN = Path.of(System.getProperty("sleepingd.example.plugin"));

    @TempDir
    Path dir;
    Path plugins;

    @BeforeEach
    void pluginsDirectoryWithTheExamplePlugin() throws Exception {
        plugins = Files.createDirectory(dir.resolve("plugins"));
        Files.copy(EXAMPLE_PLUGIN, plugins.resolve(EXAMPLE_PLUGIN.getFileName()));
    }

    private String fixedAddressService(int port, TestBackend backend) {
        return """
                PLUGIN_DIR=%s
                [Through a plugin]
                BIND=127.0.0.1
                PORT=%d
                PROVIDER=fixed-address
                FIXED_ADDRESS="%s"
                """.formatted(plugins, port, backend.address());
    }

    @Test
    void aServiceWakesThroughAProviderDroppedIntoThePluginsDirectory() throws Exception {
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, fixedAddressService(port, backend)).startForeground()) {
            assertEquals("echo:via plugin", Client.exchange(port, "via plugin"));
            assertFalse(daemon.log().contains("unknown key FIXED_ADDRESS"), "the plugin claims its key:\n" + daemon.log());
        }
    }

    @Test
    void listPluginsShowsEachProviderWithItsModuleVersionAndJar() throws Exception {
        try (TestBackend backend = TestBackend.echo()) {
            DaemonHarness daemon = DaemonHarness.with(dir, fixedAddressService(DaemonHarness.freePort(), backend));
            DaemonHarness.Cli list = daemon.cli("--list-plugins");
            assertEquals(0, list.exitStatus(), list.err());
            assertTrue(list.out().lines().anyMatch(line -> line.matches(
                    "fixed-address +backend +com\\.example\\.fixedaddress@1\\.0\\.0 +" + plugins.resolve(
                            EXAMPLE_PLUGIN.getFileName()))), list.out());
            assertTrue(list.out().lines().anyMatch(line -> line.matches(
                    "shell +backend +io\\.sleepingd\\.shell@\\S+ +\\S+/sleepingd-shell-command-\\S+\\.jar")), list.out());
        }
    }

    @Test
    void brokenJarsAreReportedWithTheirPathsAndTheOtherServicesStart() throws Exception {
        Path stubs = Files.createDirectory(dir.resolve("stubs"));
        Path dependency = PluginJars.build(stubs.resolve("dependency.jar"), Map.of(
                "module-info.java", "module stub.dependency { exports stub; }",
                "stub/Thing.java", "package stub; public class Thing {}"));
        Path missingDependency = PluginJars.build(plugins.resolve("missing-dependency.jar"), Map.of(
                "module-info.java", "module broken.missing { requires stub.dependency; }"), dependency);
        Path failing = PluginJars.build(plugins.resolve("failing-provider.jar"), Map.of(
                "module-info.java", """
                        module broken.failing {
                            requires io.sleepingd.spi;
                            provides io.sleepingd.spi.BackendProvider with broken.Failing;
                        }""",
                "broken/Failing.java", """
                        package broken;
                        public class Failing implements io.sleepingd.spi.BackendProvider {
                            public Failing() { throw new IllegalStateException("cannot start here"); }
                            public String name() { return "failing"; }
                            public io.sleepingd.spi.Backend open(io.sleepingd.spi.ServiceSettings s) { return null; }
                        }"""));
        Path duplicate = PluginJars.build(plugins.resolve("second-shell.jar"), Map.of(
                "module-info.java", """
                        module broken.duplicate {
                            requires io.sleepingd.spi;
                            provides io.sleepingd.spi.BackendProvider with duplicate.Shell;
                        }""",
                "duplicate/Shell.java", """
                        package duplicate;
                        public class Shell implements io.sleepingd.spi.BackendProvider {
                            public String name() { return "shell"; }
                            public io.sleepingd.spi.Backend open(io.sleepingd.spi.ServiceSettings s) { return null; }
                        }"""));
        Path garbage = Files.write(plugins.resolve("garbage.jar"), new byte[] {1, 2, 3, 4});
        int port = DaemonHarness.freePort();
        try (TestBackend backend = TestBackend.echo();
             DaemonHarness daemon = DaemonHarness.with(dir, fixedAddressService(port, backend) + """
                     [Broken plugin]
                     BIND=127.0.0.1
                     PORT=%d
                     PROVIDER=failing
                     """.formatted(DaemonHarness.freePort())).startForeground()) {
            assertEquals("echo:still served", Client.exchange(port, "still served"));
            String log = daemon.log();
            assertTrue(log.contains(missingDependency + ": cannot be loaded: "), log);
            assertTrue(log.contains("stub.dependency"), log);
            assertTrue(log.contains(failing + ": backend provider broken.Failing cannot be loaded: "), log);
            assertTrue(log.contains("cannot start here"), log);
            assertTrue(log.contains(duplicate + ": backend provider name 'shell' is already taken by io.sleepingd.shell"),
                    log);
            assertTrue(log.contains(garbage + ": not a usable module"), log);
            assertTrue(log.contains("service 'Broken plugin': PROVIDER 'failing' is not installed"), log);
            assertEquals("awake", daemon.state("Through a plugin"));
        }
    }
}
