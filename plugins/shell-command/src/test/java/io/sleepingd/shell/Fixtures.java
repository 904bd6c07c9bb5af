package io.sleepingd.shell;

import io.sleepingd.spi.Backend;
import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.CommandResult;
import io.sleepingd.spi.InvalidValueException;
import io.sleepingd.spi.RunAs;
import io.sleepingd.spi.ServiceSettings;
import io.sleepingd.spi.Trigger;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Services, triggers and runners as the daemon would hand them to the shell-command provider. */
final class Fixtures {
    static final String SERVICE = "web";
    static final int PORT = 8080;
    /** A client at 192.0.2.10:40123 (TEST-NET-1) that connected to 127.0.0.3:8080. */
    static final Trigger TRIGGER =
            new Trigger(new InetSocketAddress("192.0.2.10", 40123), new InetSocketAddress("127.0.0.3", 8080));
    /** Far longer than any command here needs; only the tests about timeouts pass a short one. */
    static final Duration GENEROUS = Duration.ofSeconds(60);

    private Fixtures() {
    }

    /** Service {@code web} on port 8080 with the given keys and values, alternating. */
    static ServiceSettings settings(String... keysAndValues) {
        return settings(SERVICE, Optional.empty(), keysAndValues);
    }

    static ServiceSettings settings(String name, Optional<RunAs> runAs, String... keysAndValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        try {
            return ServiceSettings.parse(name, PORT, runAs, values, new ShellCommandProvider().keys());
        } catch (InvalidValueException e) {
            throw new AssertionError("the daemon would have rejected the settings: " + e.getMessage(), e);
        }
    }

    /** The backend the provider opens for service {@code web} with these keys. */
    static Backend backend(String... keysAndValues) {
        try {
            return new ShellCommandProvider().open(settings(keysAndValues));
        } catch (BackendException e) {
            throw new AssertionError("the provider rejected the settings: " + e.getMessage(), e);
        }
    }

    /** Runs {@code command} as START_CMD of service {@code web}, as the daemon's own user. */
    static CommandResult run(String command) throws BackendException {
        return new ShellRunner(SERVICE, Optional.empty()).run("START_CMD", command, GENEROUS, Map.of());
    }

    /** A path quoted for the shell. */
    static String sq(Path path) {
        return "'" + path.toString().replace("'", "'\\''") + "'";
    }

    /** The environment a command saved with {@code env -0 > FILE}. */
    static Map<String, String> savedEnvironment(Path file) throws IOException {
        Map<String, String> environment = new HashMap<>();
        for (String entry : Files.readString(file, StandardCharsets.UTF_8).split("\0")) {
            int equals = entry.indexOf('=');
            if (equals > 0) {
                environment.put(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        return environment;
    }

    /** The pid a command saved with {@code echo $! > FILE}. */
    static long savedPid(Path file) throws IOException {
        return Long.parseLong(Files.readString(file).strip());
    }

    /** The pid a background process saves with {@code echo $$ > FILE}, once it has (bounded by {@code @Timeout}). */
    static long awaitSavedPid(Path file) throws IOException, InterruptedException {
        while (!Files.exists(file) || Files.readString(file).isBlank()) {
            Thread.sleep(20);
        }
        return savedPid(file);
    }

    /**
     * The original issue's escape, {@code ( setsid sleep 777 & )}: a process that double-forks out of the
     * command's session and process group, records its pid in {@code pidFile} and sleeps; then shell lines
     * that wait until it has.
     */
    static String escapeIntoANewSession(Path pidFile) {
        return "( setsid sh -c 'echo $$ > " + pidFile + "; exec sleep 777' & ); while [ ! -s " + sq(pidFile)
                + " ]; do sleep 0.05; done; ";
    }

    /** Alive means it exists and is not a zombie waiting for a parent (or init) to reap it. */
    static boolean isAlive(long pid) {
        try {
            List<String> status = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
            return status.stream()
                    .filter(line -> line.startsWith("State:"))
                    .map(line -> line.substring("State:".length()).strip())
                    .noneMatch(state -> state.startsWith("Z") || state.startsWith("X"));
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until {@code pid} is gone; a process that never dies fails the caller's {@code @Timeout}. */
    static void awaitDeath(long pid) throws InterruptedException {
        while (isAlive(pid)) {
            Thread.sleep(20);
        }
    }

    /** Cleans up a background process a test deliberately left behind. */
    static void killIfSaved(Path pidFile) throws IOException {
        if (Files.exists(pidFile) && !Files.readString(pidFile).isBlank()) {
            ProcessHandle.of(savedPid(pidFile)).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** {@code id -u [NAME]} / {@code id -g [NAME]}: of the user named, or of this process without one. */
    static int id(String option, String... user) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("id", option));
        command.addAll(List.of(user));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(command + ": " + out);
        }
        return Integer.parseInt(out);
    }
}
