package io.sleepingd.shell;

import io.sleepingd.spi.Backend;
import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.BackendProvider;
import io.sleepingd.spi.Key;
import io.sleepingd.spi.ServiceSettings;
import io.sleepingd.spi.SleepMode;
import java.util.Set;

/** Provides {@link ShellCommandBackend}: services configured with the original's command keys. */
public final class ShellCommandProvider implements BackendProvider {

    @Override
    public String name() {
        return "shell";
    }

    /** SLEEP_MODE and PAUSE_PIDFILE; the command keys are the core's. */
    @Override
    public Set<Key<?>> keys() {
        return Set.of(Key.SLEEP_MODE, PausingShellBackend.PIDFILE);
    }

    @Override
    public Backend open(ServiceSettings settings) throws BackendException {
        ShellCommandBackend shell = new ShellCommandBackend(settings, new ShellRunner(settings.name(), settings.runAs()),
                ShellCommandBackend.defaultTimeouts(settings));
        if (settings.get(Key.SLEEP_MODE).orElse(SleepMode.STOP) == SleepMode.STOP) {
            if (settings.get(PausingShellBackend.PIDFILE).isPresent()) {
                throw new BackendException("PAUSE_PIDFILE is for SLEEP_MODE=pause");
            }
            return shell;
        }
        return new PausingShellBackend(shell, new ProcessFreezer(settings.name(), settings.runAs()),
                settings.get(PausingShellBackend.PIDFILE), settings.name());
    }
}
