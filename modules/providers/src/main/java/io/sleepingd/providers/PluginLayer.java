package io.sleepingd.providers;

import io.sleepingd.spi.TrustedFile;
import io.sleepingd.spi.UntrustedFileException;
import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads the jars of the plugins directory into one child module layer of the boot layer. A jar
 * that cannot be used (not a module, a module already in the daemon, a duplicate, a missing
 * dependency) is left out with a message naming it, and the others still load.
 */
final class PluginLayer {
    private PluginLayer() {
    }

    /** The layer of the usable jars (the boot layer when there are none); problems go to {@code problems}. */
    static ModuleLayer load(Path directory, List<String> problems) {
        List<Path> jars;
        try {
            if (!Files.isDirectory(directory)) {
                return ModuleLayer.boot();
            }
            checkTrusted(directory);
            jars = jars(directory, problems);
        } catch (IOException e) {
            problems.add("plugins directory " + directory + ": " + e.getMessage() + "; no plugin loaded");
            return ModuleLayer.boot();
        }
        Map<String, Path> modules = usableModules(jars, problems);
        List<String> resolvable = new ArrayList<>();
        ModuleFinder finder = ModuleFinder.of(modules.values().toArray(Path[]::new));
        for (Map.Entry<String, Path> module : modules.entrySet()) {
            try {
                resolve(finder, Set.of(module.getKey()));
                resolvable.add(module.getKey());
            } catch (FindException | ResolutionException e) {
                problems.add(module.getValue() + ": cannot be loaded: " + e.getMessage());
            }
        }
        if (resolvable.isEmpty()) {
            return ModuleLayer.boot();
        }
        try {
            // One class loader per module: two plugins may use the same package names.
            return ModuleLayer.boot().defineModulesWithManyLoaders(resolve(finder, Set.copyOf(resolvable)),
                    ClassLoader.getSystemClassLoader());
        } catch (RuntimeException e) {
            problems.add("plugins directory " + directory + ": cannot be loaded together: " + e.getMessage());
            return ModuleLayer.boot();
        }
    }

    private static Configuration resolve(ModuleFinder finder, Set<String> roots) {
        return ModuleLayer.boot().configuration().resolveAndBind(finder, ModuleFinder.of(), roots);
    }

    /** Each jar that is a module of its own, not one the daemon has and not a second copy. */
    private static Map<String, Path> usableModules(List<Path> jars, List<String> problems) {
        Map<String, Path> modules = new LinkedHashMap<>();
        for (Path jar : jars) {
            ModuleDescriptor descriptor;
            try {
                Set<ModuleReference> found = ModuleFinder.of(jar).findAll();
                descriptor = found.iterator().next().descriptor();
            } catch (FindException e) {
                problems.add(jar + ": not a usable module: " + rootCause(e));
                continue;
            }
            String name = descriptor.name();
            if (ModuleLayer.boot().findModule(name).isPresent()) {
                problems.add(jar + ": module " + name + " is already part of sleepingd; ignored");
            } else if (modules.containsKey(name)) {
                problems.add(jar + ": module " + name + " is already loaded from " + modules.get(name) + "; ignored");
            } else {
                modules.put(name, jar);
            }
        }
        return modules;
    }

    private static List<Path> jars(Path directory, List<String> problems) throws IOException {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*.jar")) {
            for (Path jar : entries) {
                try {
                    checkTrusted(jar);
                    jars.add(jar);
                } catch (IOException e) {
                    problems.add(e.getMessage() + "; ignored");
                }
            }
        }
        jars.sort(null);
        return jars;
    }

    /** Plugins are code the daemon runs: nobody but root or the daemon's user may have put them there. */
    private static void checkTrusted(Path path) throws IOException {
        if (Files.isSymbolicLink(path)) {
            throw new IOException(path + " is a symbolic link; put the jar (or directory) itself there");
        }
        try {
            TrustedFile.check(path);
        } catch (UntrustedFileException e) {
            throw new IOException(path + ": " + e.getMessage(), e);
        }
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause == e ? e.getMessage() : e.getMessage() + " (" + cause.getMessage() + ")";
    }
}
