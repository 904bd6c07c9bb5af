package io.sleepingd.shell;

import io.sleepingd.spi.Backend;
import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.BackendProvider;
import io.sleepingd.spi.ServiceSettings;

/** Provides {@link ShellCommandBackend}: services configured with the original's command keys. */
public final class ShellCommandProvider implements BackendProvider {

    @Override
    public String name() {
        return "shell";
    }

    @Override
    public Backend open(ServiceSettings settings) throws BackendException {
        return new ShellCommandBackend(settings, new ShellRunner(settings.name(), settings.runAs()),
                ShellCommandBackend.defaultTimeouts(settings));
    }
}
