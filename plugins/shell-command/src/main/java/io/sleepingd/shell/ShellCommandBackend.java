package io.sleepingd.shell;

import io.sleepingd.spi.Backend;
import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.CheckResult;
import io.sleepingd.spi.CommandResult;
import io.sleepingd.spi.CommandTimeoutException;
import io.sleepingd.spi.Endpoint;
import io.sleepingd.spi.Idleness;
import io.sleepingd.spi.Key;
import io.sleepingd.spi.LocalResourceException;
import io.sleepingd.spi.NothingStartedException;
import io.sleepingd.spi.ServiceSettings;
import io.sleepingd.spi.Trigger;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backend driven by the service's four shell commands, with the original's exit-status rules. Every
 * command is bounded: by its {@code *_CMD_TIMEOUT} (or {@code EXEC_CMD_TIMEOUT}), else by a default.
 */
final class ShellCommandBackend implements Backend {
    private static final Logger LOG = LoggerFactory.getLogger(ShellCommandBackend.class);
    /** The original's default, for settings that do not come from a configuration file (tests). */
    private static final Duration DEFAULT_WAKE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration START_BEYOND_WAKE = Duration.ofSeconds(60);
    private static final Map<Key<String>, Key<Duration>> TIMEOUT_KEYS = Map.of(Key.CHECK_CMD, Key.CHECK_CMD_TIMEOUT,
            Key.START_CMD, Key.START_CMD_TIMEOUT, Key.STOP_CMD, Key.STOP_CMD_TIMEOUT, Key.IDLE_CMD, Key.IDLE_CMD_TIMEOUT);

    private final ServiceSettings settings;
    private final ShellRunner runner;
    private final Map<Key<String>, Duration> timeouts = new HashMap<>();

    /** @param defaultTimeouts each command's timeout when its {@code *_TIMEOUT} is blank or 0 */
    ShellCommandBackend(ServiceSettings settings, ShellRunner runner, Map<Key<String>, Duration> defaultTimeouts) {
        this.settings = settings;
        this.runner = runner;
        for (Map.Entry<Key<String>, Key<Duration>> command : TIMEOUT_KEYS.entrySet()) {
            timeouts.put(command.getKey(), settings.get(command.getValue()).filter(d -> !d.isZero())
                    .orElse(defaultTimeouts.get(command.getKey())));
        }
    }

    /**
     * How long each command may run when the configuration says nothing (or 0). CHECK_CMD asks for a
     * state: 30 s, and one that hangs is taken for "down". START_CMD runs in a wake, which the daemon
     * interrupts at WAKE_TIMEOUT, saying why: its default is one minute more, a backstop that never
     * races that interrupt. STOP_CMD: 60 s, time for a VM or a container to shut down cleanly. IDLE_CMD
     * asks a question, like CHECK_CMD: 30 s.
     */
    static Map<Key<String>, Duration> defaultTimeouts(ServiceSettings settings) {
        Duration wake = settings.get(Key.WAKE_TIMEOUT).filter(d -> !d.isZero()).orElse(DEFAULT_WAKE_TIMEOUT);
        return Map.of(
                Key.CHECK_CMD, Duration.ofSeconds(30),
                Key.START_CMD, wake.plus(START_BEYOND_WAKE),
                Key.STOP_CMD, Duration.ofSeconds(60),
                Key.IDLE_CMD, Duration.ofSeconds(30));
    }

    /** The four commands as they run (unset is {@code false}, which the backend never starts) and their timeouts. */
    @Override
    public Map<String, String> settingsInUse() {
        Map<String, String> inUse = new LinkedHashMap<>();
        for (Key<String> command : List.of(Key.CHECK_CMD, Key.START_CMD, Key.STOP_CMD, Key.IDLE_CMD)) {
            inUse.put(command.name(), settings.get(command).orElse(command.equals(Key.IDLE_CMD) ? "" : "false"));
        }
        for (Key<String> command : List.of(Key.CHECK_CMD, Key.START_CMD, Key.STOP_CMD, Key.IDLE_CMD)) {
            inUse.put(TIMEOUT_KEYS.get(command).name(), Long.toString(timeout(command).toSeconds()));
        }
        return inUse;
    }

    /** The timeout {@code command} runs with. */
    Duration timeout(Key<String> command) {
        return timeouts.get(command);
    }

    @Override
    public CheckResult check(Trigger trigger) throws BackendException {
        if (isUnset(Key.CHECK_CMD)) {
            // The default: a shell that runs `false` always says "down"; not starting it saves a wake
            // a process (the benchmarks' cold-start figure).
            return new CheckResult.NotRunning();
        }
        CommandResult result;
        try {
            result = run(Key.CHECK_CMD, trigger);
        } catch (CommandTimeoutException e) {
            // An unanswered check must not keep the client waiting: starting is the safe way on.
            LOG.warn("service '{}': {}; treating the backend as down", settings.name(), e.getMessage());
            return new CheckResult.NotRunning();
        }
        if (result.exitStatus() != 0) {
            return new CheckResult.NotRunning();
        }
        Optional<Endpoint> endpoint = Optional.empty();
        if (!result.firstLine().isBlank()) {
            try {
                endpoint = Optional.of(EndpointLine.parse(Key.CHECK_CMD.name(), result));
            } catch (BackendException e) {
                LOG.warn("service '{}': CHECK_CMD succeeded but {}; ignoring its output", settings.name(),
                        e.getMessage());
            }
        }
        return new CheckResult.Running(endpoint);
    }

    /**
     * Runs START_CMD. Whether a START_CMD that failed started something cannot be told (a VM may boot
     * although the script exits 1, or prints nothing), so every failure of one that ran lets the daemon
     * run STOP_CMD; only a START_CMD that could not be run at all (no descriptor, process or memory to
     * start it) is reported as having started nothing.
     */
    @Override
    public Endpoint start(Trigger trigger) throws BackendException {
        return EndpointLine.parse(Key.START_CMD.name(), runStart(trigger));
    }

    /** START_CMD's output once it succeeded: {@link PausingShellBackend} reads a pid in it too. */
    CommandResult runStart(Trigger trigger) throws BackendException {
        CommandResult result;
        try {
            result = run(Key.START_CMD, trigger);
        } catch (LocalResourceException e) {
            throw new NothingStartedException(e.getMessage(), e);
        }
        if (result.exitStatus() != 0) {
            throw new BackendException("START_CMD exited with status " + result.exitStatus());
        }
        return result;
    }

    @Override
    public boolean isIdle() throws BackendException {
        return idleness() instanceof Idleness.Idle;
    }

    /** IDLE_CMD's exit status 0 means idle; otherwise busy, and why is its status and first line of output. */
    @Override
    public Idleness idleness() throws BackendException {
        if (settings.get(Key.IDLE_CMD).isEmpty()) {
            return new Idleness.Idle();
        }
        CommandResult result = run(Key.IDLE_CMD, null);
        if (result.exitStatus() == 0) {
            return new Idleness.Idle();
        }
        String line = result.firstLine().strip();
        return new Idleness.Busy("IDLE_CMD exited with status " + result.exitStatus()
                + (line.isEmpty() ? "" : ": " + line));
    }

    /**
     * Runs STOP_CMD. Without one (blank, or the default {@code false}) there is nothing to stop, which
     * is not a failure: the original's default logged an error at every idle stop.
     */
    @Override
    public void stop() throws BackendException {
        if (isUnset(Key.STOP_CMD)) {
            return;
        }
        CommandResult result = run(Key.STOP_CMD, null);
        if (result.exitStatus() != 0) {
            throw new BackendException("STOP_CMD exited with status " + result.exitStatus());
        }
    }

    /** Blank, or the original's default {@code false}: a command that can only say no. */
    private boolean isUnset(Key<String> command) {
        return settings.get(command).map(String::strip).orElse("false").equals("false");
    }

    private CommandResult run(Key<String> key, Trigger trigger) throws BackendException {
        String command = settings.get(key).orElse("false");
        return runner.run(key.name(), command, timeout(key), environment(trigger));
    }

    /** Our own names, and the original's socat names so that its scripts work unchanged. */
    private Map<String, String> environment(Trigger trigger) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SLEEPINGD_SERVICE", settings.name());
        env.put("SLEEPINGD_PORT", Integer.toString(settings.port()));
        if (trigger != null) {
            String peerAddr = trigger.client().getAddress().getHostAddress();
            String peerPort = Integer.toString(trigger.client().getPort());
            String sockAddr = trigger.local().getAddress().getHostAddress();
            String sockPort = Integer.toString(trigger.local().getPort());
            env.put("SLEEPINGD_CLIENT_ADDR", peerAddr);
            env.put("SLEEPINGD_CLIENT_PORT", peerPort);
            env.put("SLEEPINGD_LOCAL_ADDR", sockAddr);
            env.put("SLEEPINGD_LOCAL_PORT", sockPort);
            env.put("SOCAT_PEERADDR", peerAddr);
            env.put("SOCAT_PEERPORT", peerPort);
            env.put("SOCAT_SOCKADDR", sockAddr);
            env.put("SOCAT_SOCKPORT", sockPort);
        }
        return env;
    }
}
