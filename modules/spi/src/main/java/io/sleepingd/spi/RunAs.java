package io.sleepingd.spi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The account from the {@code USER} key, resolved when the configuration was loaded. */
public record RunAs(String name, int uid, int gid, Path home) {
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    private static final List<String> SYSTEMD_VARIABLES = List.of("NOTIFY_SOCKET", "LISTEN_PID", "LISTEN_FDS",
            "LISTEN_FDNAMES");
    private static final int CAP_SETGID = 6; // linux/capability.h
    private static final int CAP_SETUID = 7;
    private static final int CAP_NET_BIND_SERVICE = 10;

    /**
     * A process builder for {@code command} as the service's {@code USER}: when there is none or it is
     * the daemon's own account, the command unchanged (a daemon that is not root drops its capabilities
     * for it but CAP_NET_BIND_SERVICE, see {@link #withoutPrivileges}); else through {@code setpriv}
     * (util-linux) with the user's uid, gid and groups, and no capability; and with that user's {@code HOME}, {@code USER} and
     * {@code LOGNAME}, as {@code su} sets them (the docker CLI, for one, reads {@code $HOME}); without
     * systemd's {@code NOTIFY_SOCKET} and {@code LISTEN_*}, which are the daemon's. Every
     * provider runs its commands this way, so that a command runs as the configured user or not at all.
     *
     * @throws BackendException when switching is impossible: the daemon may not (see {@link #canSwitchUsers}),
     *                          or setpriv is missing
     */
    public static ProcessBuilder processBuilder(Optional<RunAs> runAs, List<String> command) throws BackendException {
        ProcessBuilder builder = new ProcessBuilder(commandLine(runAs, command));
        // systemd's words to the daemon, not to its commands: a command must not answer in its name
        builder.environment().keySet().removeAll(SYSTEMD_VARIABLES);
        runAs.ifPresent(user -> {
            builder.environment().put("HOME", user.home().toString());
            builder.environment().put("USER", user.name());
            builder.environment().put("LOGNAME", user.name());
        });
        return builder;
    }

    /** {@code command} unchanged, or through setpriv: see {@link #processBuilder}. */
    private static List<String> commandLine(Optional<RunAs> runAs, List<String> command) throws BackendException {
        int us = currentUid();
        if (runAs.isEmpty() || runAs.get().uid() == us) {
            return us == 0 ? command : withoutPrivileges(command);
        }
        RunAs user = runAs.get();
        if (!canSwitchUsers()) {
            throw new BackendException("cannot run '" + command.getFirst() + "' as USER '" + user.name()
                    + "': " + whyNoSwitching());
        }
        if (!Files.isExecutable(SETPRIV)) {
            throw new BackendException("cannot run '" + command.getFirst() + "' as USER '" + user.name() + "': "
                    + SETPRIV + " (util-linux) is missing");
        }
        // A daemon that is not root switches through ambient capabilities, which a uid change between two
        // ordinary users keeps: the command would inherit CAP_SETUID. It gets no capability at all.
        List<String> line = new ArrayList<>(List.of(SETPRIV.toString(), "--reuid=" + user.uid(),
                "--regid=" + user.gid(), "--init-groups", "--inh-caps=-all", "--ambient-caps=-all", "--"));
        line.addAll(command);
        return line;
    }

    /**
     * A daemon that is not root may hold capabilities to switch users (the systemd drop-in gives
     * CAP_SETUID, CAP_SETGID and CAP_KILL as ambient capabilities, which its commands would inherit):
     * its own commands keep at most CAP_NET_BIND_SERVICE, to listen on a low port as the daemon may.
     */
    private static List<String> withoutPrivileges(List<String> command) throws BackendException {
        long capabilities = effectiveCapabilities();
        if ((capabilities & ~(1L << CAP_NET_BIND_SERVICE)) == 0) {
            return command; // nothing beyond what commands may keep: no setpriv, the common case
        }
        if (!Files.isExecutable(SETPRIV)) {
            throw new BackendException("cannot run '" + command.getFirst() + "' without the daemon's capabilities: "
                    + SETPRIV + " (util-linux) is missing");
        }
        String kept = (capabilities & (1L << CAP_NET_BIND_SERVICE)) != 0 ? "-all,+net_bind_service" : "-all";
        List<String> line = new ArrayList<>(List.of(SETPRIV.toString(), "--inh-caps=" + kept, "--ambient-caps=" + kept,
                "--"));
        line.addAll(command);
        return line;
    }

    /**
     * Whether the daemon may run commands as another user: it holds {@code CAP_SETUID} and
     * {@code CAP_SETGID}, as root does, or as the systemd unit's user does when a drop-in grants them as
     * ambient capabilities. Read from {@code /proc/self/status}, as Java has no {@code capget()}.
     */
    public static boolean canSwitchUsers() {
        long needed = (1L << CAP_SETGID) | (1L << CAP_SETUID);
        return (effectiveCapabilities() & needed) == needed;
    }

    /** Why {@link #canSwitchUsers} says no, and what to change: for messages. */
    public static String whyNoSwitching() {
        return "the daemon runs as uid " + currentUid() + " without CAP_SETUID and CAP_SETGID (run it as root, or"
                + " under systemd with the drop-in /usr/share/sleepingd/systemd/run-as-users.conf: see"
                + " docs/packaging.md)";
    }

    private static long effectiveCapabilities() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("CapEff:"))
                    .mapToLong(line -> Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16))
                    .findFirst().orElseThrow(() -> new IllegalStateException("/proc/self/status has no CapEff line"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot tell the daemon's capabilities from /proc/self/status", e);
        }
    }

    /**
     * The daemon's uid: the owner of {@code /proc/self} (Java has no {@code getuid()}). The one place that
     * asks, for every module that needs to know.
     */
    public static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalStateException("cannot tell the daemon's uid from /proc/self", e);
        }
    }
}
