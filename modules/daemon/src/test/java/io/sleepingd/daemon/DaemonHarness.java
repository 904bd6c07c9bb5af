package io.sleepingd.daemon;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs the packaged daemon as a real process (the module path Maven assembled in target/lib), with
 * a configuration written by the test and a private run directory inside the test's folder.
 */
final class DaemonHarness implements AutoCloseable {
    static final Path LIB = Path.of(System.getProperty("sleepingd.lib", "target/lib"));
    static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
    private static final Duration READY = Duration.ofSeconds(30);

    final Path dir;
    final Path config;
    final Path log;
    private final List<Process> processes = new ArrayList<>();
    private Process daemon;

    /** The command line's result. */
    record Cli(int exitStatus, String out, String err) {
    }

    private DaemonHarness(Path dir, Path config) {
        this.dir = dir;
        this.config = config;
        this.log = dir.resolve("daemon.log");
    }

    /** Writes {@code configuration} after a general section giving the daemon a private run directory. */
    static DaemonHarness with(Path dir, String configuration) throws IOException {
        Path config = dir.resolve("sleepingd.conf");
        Files.writeString(config, "VARRUN_PATH=" + dir.resolve("run") + "\n" + configuration);
        return new DaemonHarness(dir, config);
    }

    static List<String> command(String... arguments) {
        return command(List.of(), arguments);
    }

    static List<String> command(List<String> jvmOptions, String... arguments) {
        List<String> command = new ArrayList<>(List.of(JAVA.toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("--module-path", LIB.toString(), "-m", "io.sleepingd.daemon/io.sleepingd.daemon.Main"));
        command.addAll(List.of(arguments));
        return command;
    }

    /**
     * The JVM options the launcher ({@code sleepingd} at the top of the repository, and the image's)
     * runs the daemon with: its heap, and so its limit on direct memory, are the ones in production.
     */
    static List<String> launcherOptions() throws IOException {
        Path launcher = Path.of(System.getProperty("sleepingd.launcher", "../../sleepingd"));
        for (String line : Files.readAllLines(launcher)) {
            if (line.startsWith("default_opts=\"")) {
                return List.of(line.substring("default_opts=\"".length(), line.lastIndexOf('"')).split(" "));
            }
        }
        throw new AssertionError("no default_opts=\"...\" line in " + launcher.toAbsolutePath());
    }

    /** Runs {@code sleepingd ARGS -f CONFIG} to completion. */
    Cli cli(String... arguments) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(arguments));
        args.addAll(List.of("-f", config.toString()));
        return run(dir, command(args.toArray(String[]::new)));
    }

    static Cli run(Path dir, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("sleepingd " + command + " did not finish within 90 s");
        }
        return new Cli(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Starts {@code sleepingd run} and waits until it says it is running. */
    DaemonHarness startForeground() throws IOException, InterruptedException {
        return startForeground(List.of());
    }

    /**
     * Starts {@code sleepingd run} with these JVM options and waits until it says it is running. Every
     * signal's default action is restored first: a JVM keeps a signal ignored that was ignored when it
     * started (SIGINT for a background job of a script, SIGHUP under nohup), and the tests send both.
     */
    DaemonHarness startForeground(List<String> jvmOptions) throws IOException, InterruptedException {
        return startForegroundThrough(List.of(), jvmOptions);
    }

    /** As {@link #startForeground(List)}, run through {@code wrapper} (setpriv, systemd-socket-activate). */
    DaemonHarness startForegroundThrough(List<String> wrapper, List<String> jvmOptions)
            throws IOException, InterruptedException {
        return start(foregroundCommand(wrapper, jvmOptions));
    }

    /** As {@link #startForegroundThrough}, without waiting for the daemon to say it runs. */
    DaemonHarness launchThrough(List<String> wrapper) throws IOException {
        launch(foregroundCommand(wrapper, List.of()));
        return this;
    }

    private List<String> foregroundCommand(List<String> wrapper, List<String> jvmOptions) {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of("env", "--default-signal"));
        command.addAll(command(jvmOptions, "run", "-f", config.toString()));
        return command;
    }

    private DaemonHarness start(List<String> command) throws IOException, InterruptedException {
        launch(command);
        awaitLog("running", READY);
        return this;
    }

    private void launch(List<String> command) throws IOException {
        daemon = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(daemon);
    }

    Process process() {
        return daemon;
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    void awaitLog(String fragment, Duration limit) throws IOException, InterruptedException {
        await("the log to contain '" + fragment + "'", limit, () -> {
            try {
                return log().contains(fragment);
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** What {@code sleepingd status} prints for this daemon. */
    String status() {
        try {
            return cli("status").out();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * One field of a service in {@code sleepingd status --json}, as the real {@code jq} prints it: what
     * an administrator's script reads. Empty when the daemon does not answer or has no such service.
     */
    String statusField(String service, String field) {
        try {
            return jq(cli("status", "--json").out(), "--arg", "name", service,
                    ".services[] | select(.name == $name) | ." + field);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What the real {@code jq -r ARGUMENTS} prints for {@code json}, stripped; empty when jq fails (not JSON). */
    static String jq(String json, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("jq", "-r"));
        command.addAll(List.of(arguments));
        Process jq = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (var in = jq.getOutputStream()) {
            in.write(json.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(jq.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return jq.waitFor(30, TimeUnit.SECONDS) && jq.exitValue() == 0 ? out : "";
    }

    /** The service's state as status shows it: asleep, waking, awake, stopping, or "started, not accepting". */
    String state(String service) {
        return statusField(service, "stateDetail");
    }

    /** The service's live connections, relayed and held. */
    int liveConnections(String service) {
        String live = statusField(service, "connectionsRelayed + .connectionsHeld");
        return live.isEmpty() ? -1 : Integer.parseInt(live);
    }

    /** Lines a test's commands appended to {@code file} in the test folder. */
    List<String> lines(String file) {
        Path path = dir.resolve(file);
        try {
            return Files.exists(path) ? Files.readAllLines(path) : List.of();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; daemon log:\n" + log());
            }
            Thread.sleep(50);
        }
    }

    int awaitExit(Duration limit) throws InterruptedException, IOException {
        if (!daemon.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the daemon did not exit within " + limit + "; log:\n" + log());
        }
        return daemon.exitValue();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        for (Process process : processes) {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
        // A daemon started with 'start' is not our child: stop it through its control socket.
        if (Files.exists(dir.resolve("run").resolve("control.sock"))) {
            cli("stop");
        }
    }
}
