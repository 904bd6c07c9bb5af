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

    /**
     * A process builder for {@code command} as the service's {@code USER}: the command unchanged when
     * there is none or it is the daemon's own account, else through {@code setpriv} (util-linux) with
     * the user's uid, gid and groups; and with that user's {@code HOME}, {@code USER} and
     * {@code LOGNAME}, as {@code su} sets them (the docker CLI, for one, reads {@code $HOME}). Every
     * provider runs its commands this way, so that a command runs as the configured user or not at all.
     *
     * @throws BackendException when switching is impossible: the daemon is not root, or setpriv is missing
     */
    public static ProcessBuilder processBuilder(Optional<RunAs> runAs, List<String> command) throws BackendException {
        ProcessBuilder builder = new ProcessBuilder(commandLine(runAs, command));
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
            return command;
        }
        RunAs user = runAs.get();
        if (us != 0) {
            throw new BackendException("cannot run '" + command.getFirst() + "' as USER '" + user.name()
                    + "': the daemon runs as uid " + us + ", not root");
        }
        if (!Files.isExecutable(SETPRIV)) {
            throw new BackendException("cannot run '" + command.getFirst() + "' as USER '" + user.name() + "': "
                    + SETPRIV + " (util-linux) is missing");
        }
        List<String> line = new ArrayList<>(List.of(SETPRIV.toString(), "--reuid=" + user.uid(),
                "--regid=" + user.gid(), "--init-groups", "--"));
        line.addAll(command);
        return line;
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
