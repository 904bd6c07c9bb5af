package io.sleepingd.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.spi.ToolProvider;

/** Builds small module jars with the JDK's own javac and jar, for plugins a test needs broken on purpose. */
final class PluginJars {
    private PluginJars() {
    }

    /**
     * Compiles {@code sources} (path below the source root, then content) against the daemon's
     * module path and {@code moreModules}, and packs the classes into {@code jar}.
     */
    static Path build(Path jar, Map<String, String> sources, Path... moreModules) throws IOException {
        Path work = Files.createTempDirectory(jar.getParent(), "build");
        Path classes = work.resolve("classes");
        StringBuilder modulePath = new StringBuilder(DaemonHarness.LIB.toString());
        for (Path module : moreModules) {
            modulePath.append(':').append(module);
        }
        List<String> javac = new ArrayList<>(List.of("-d", classes.toString(), "--module-path", modulePath.toString()));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = work.resolve("src").resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            javac.add(file.toString());
        }
        run("javac", javac);
        run("jar", List.of("--create", "--file", jar.toString(), "-C", classes.toString(), "."));
        return jar;
    }

    private static void run(String tool, List<String> args) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(output, true);
        int status = ToolProvider.findFirst(tool).orElseThrow().run(print, print, args.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException(tool + " " + args + " failed:\n" + output);
        }
    }
}
