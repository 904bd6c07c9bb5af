package io.sleepingd.image;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime image as a user without a JDK runs it: an environment with no {@code JAVA_HOME} and a
 * {@code PATH} that holds only netcat (the 4.1 example's backend), so that no other java can be found.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ImageIT {
    private static final Path IMAGE = Path.of(System.getProperty("sleepingd.image"));
    private static final Path EXAMPLES = Path.of(System.getProperty("sleepingd.examples"));

    @TempDir
    Path dir;
    private Path bin;

    @BeforeEach
    void pathWithNetcatOnly() throws IOException {
        bin = Files.createDirectory(dir.resolve("bin"));
        Path nc = Files.writeString(bin.resolve("nc"), "#!/bin/sh\nexec /usr/bin/nc \"$@\"\n");
        assertTrue(nc.toFile().setExecutable(true), "nc wrapper executable");
    }

    @Test
    void versionRunsWithNoJdkInTheEnvironment() throws Exception {
        CommandResult result = run("--version");

        assertAll(
                () -> assertEquals(0, result.exitCode(), result.output()),
                () -> assertTrue(result.output().strip().matches("\\d+\\.\\d+\\.\\d+.*"), result.output()));
    }

    @Test
    void theImageHoldsTheDaemonAndItsPluginsButNotTheDesktopModules() throws Exception {
        CommandResult result = runJava("--list-modules");

        assertAll(
                () -> assertTrue(result.output().contains("io.sleepingd.daemon"), result.output()),
                () -> assertTrue(result.output().contains("io.sleepingd.docker"), result.output()),
                () -> assertTrue(result.output().contains("io.sleepingd.wol"), result.output()),
                () -> assertTrue(result.output().contains("io.sleepingd.systemd"), result.output()),
                () -> assertTrue(result.output().contains("io.sleepingd.libvirt"), result.output()),
                () -> assertTrue(result.output().contains("io.sleepingd.kubernetes"), result.output()),
                () -> assertTrue(result.output().contains("jdk.httpserver"), result.output()),
                () -> assertTrue(result.output().contains("ini4j"), result.output()),
                () -> assertFalse(result.output().contains("java.desktop"), result.output()),
                () -> assertFalse(result.output().contains("jdk.compiler"), result.output()));
    }

    @Test
    void theShippedPluginsAreListed() throws Exception {
        CommandResult result = run("--list-plugins", "-f", EXAMPLES.resolve("simple-web-server.conf").toString());

        assertEquals(0, result.exitCode(), result.output());
        for (String provider : List.of("shell", "docker", "swarm", "systemd", "libvirt", "kubernetes", "wake-on-lan")) {
            assertTrue(result.output().lines().anyMatch(line -> line.matches(provider + " +backend .*")),
                    provider + ":\n" + result.output());
        }
        assertTrue(result.output().lines().anyMatch(line -> line.matches("ssh-who +idle-probe .*")), result.output());
    }

    @Test
    void aPluginJarDroppedIntoAPluginsDirectoryIsLoaded() throws Exception {
        Path plugins = Files.createDirectory(dir.resolve("plugins"));
        Path jar = Path.of(System.getProperty("sleepingd.example.plugin"));
        Files.copy(jar, plugins.resolve(jar.getFileName()));
        Path configuration = Files.writeString(dir.resolve("plugins.conf"), "PLUGIN_DIR=" + plugins + "\n"
                + "[fixed]\nPORT=" + freePort() + "\nPROVIDER=fixed-address\nFIXED_ADDRESS=\"127.0.0.1 1\"\n");

        CommandResult result = run("--list-plugins", "-f", configuration.toString());

        assertAll(
                () -> assertEquals(0, result.exitCode(), result.output()),
                () -> assertTrue(result.output().contains("fixed-address"), result.output()));
    }

    @Test
    void checkConfigAcceptsTheSection41Example() throws Exception {
        CommandResult result = run("check-config", "-f", EXAMPLES.resolve("simple-web-server.conf").toString());

        assertAll(
                () -> assertEquals(0, result.exitCode(), result.output()),
                () -> assertTrue(result.output().contains("[Simple web server for testing purposes]"), result.output()));
    }

    @Test
    void theSection41ExampleWakesItsBackendAndAnswers() throws Exception {
        int port = freePort();
        int backendPort = freePort();
        String example = Files.readString(EXAMPLES.resolve("simple-web-server.conf"));
        Path runDirectory = Files.createDirectory(dir.resolve("run"), java.nio.file.attribute.PosixFilePermissions
                .asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        Path configuration = Files.writeString(dir.resolve("sleepingd.conf"),
                "VARRUN_PATH=" + runDirectory + "\nBIND=127.0.0.1\n" + example
                        .replace("PORT=10080", "PORT=" + port)
                        .replace("-p 8080", "-p " + backendPort)
                        .replace("'127.0.0.1 8080'", "'127.0.0.1 " + backendPort + "'"));
        Path log = dir.resolve("daemon.log");
        Process daemon = withoutJdk(new ProcessBuilder(IMAGE.resolve("bin/sleepingd").toString(), "run", "-f",
                configuration.toString())).redirectOutput(log.toFile()).start();
        try {
            awaitLog(log, "running", Duration.ofSeconds(30));

            String answer = exchange(port, "GET / HTTP/1.0\r\n\r\n");

            assertTrue(answer.contains("Response from 8080: "), answer);
        } finally {
            daemon.destroy();
            assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "the daemon stops on SIGTERM");
        }
    }

    @Test
    void theImageShipsNoAotCacheButMakesOneThatItsLauncherUses() throws Exception {
        boolean shippedWithCache = Files.exists(IMAGE.resolve("lib/sleepingd.aot"));
        Path image = dir.resolve("image"); // a copy: the cache goes into the image it is made for
        assertEquals(0, new ProcessBuilder("cp", "-a", IMAGE.toString(), image.toString()).start().waitFor());

        ProcessBuilder maker = withoutJdk(new ProcessBuilder(image.resolve("lib/make-aot-cache").toString()));
        maker.environment().put("PATH", "/usr/bin:/bin"); // the script's tools: mktemp, grep, timeout...
        CommandResult make = CommandResult.of(maker);
        // AOTMode=on: the JVM refuses to start unless the launcher gave it a cache it can use.
        ProcessBuilder version = withoutJdk(new ProcessBuilder(image.resolve("bin/sleepingd").toString(), "--version"));
        version.environment().put("JDK_JAVA_OPTIONS", "-XX:AOTMode=on");
        CommandResult withCache = CommandResult.of(version);

        assertAll(
                () -> assertFalse(shippedWithCache, "the image as built holds no AOT cache"),
                () -> assertEquals(0, make.exitCode(), make.output()),
                () -> assertTrue(Files.size(image.resolve("lib/sleepingd.aot")) > 0, "the cache was written"),
                () -> assertEquals(0, withCache.exitCode(), withCache.output()));
    }

    /** Runs the image's launcher with the arguments. */
    private CommandResult run(String... arguments) throws Exception {
        return runImage("bin/sleepingd", arguments);
    }

    private CommandResult runJava(String... arguments) throws Exception {
        return runImage("bin/java", arguments);
    }

    private CommandResult runImage(String program, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(IMAGE.resolve(program).toString()));
        command.addAll(List.of(arguments));
        return CommandResult.of(withoutJdk(new ProcessBuilder(command)));
    }

    private ProcessBuilder withoutJdk(ProcessBuilder builder) {
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.put("PATH", bin.toString());
        environment.put("HOME", dir.toString());
        return builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitLog(Path log, String fragment, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!(Files.exists(log) && Files.readString(log).contains(fragment))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the daemon did not log '" + fragment + "' within " + limit + ":\n"
                        + (Files.exists(log) ? Files.readString(log) : ""));
            }
            Thread.sleep(50);
        }
    }

    private static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
