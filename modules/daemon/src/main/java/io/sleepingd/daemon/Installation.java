package io.sleepingd.daemon;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;

/**
 * Where this copy of sleepingd is installed, for the default plugins directory: {@code plugins}
 * next to the {@code lib} directory holding the daemon's jar, or inside the runtime image.
 */
final class Installation {
    private Installation() {
    }

    /** {@code PLUGIN_DIR}, or the installation's {@code plugins} directory. */
    static Path pluginDirectory(Optional<Path> configured) {
        return configured.orElseGet(() -> home().resolve("plugins"));
    }

    static Path home() {
        Optional<Path> jar = Optional.ofNullable(Installation.class.getProtectionDomain().getCodeSource())
                .map(CodeSource::getLocation)
                .filter(url -> url.getProtocol().equals("file"))
                .map(url -> {
                    try {
                        return Path.of(url.toURI());
                    } catch (URISyntaxException e) {
                        throw new IllegalStateException("the daemon's jar has an odd location: " + url, e);
                    }
                });
        // A jar in lib/: the installation is lib's parent. Linked into a runtime image: the image.
        return jar.map(path -> path.getParent().getParent()).orElseGet(() -> Path.of(System.getProperty("java.home")));
    }
}
