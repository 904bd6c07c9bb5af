package io.sleepingd.providers;

import io.sleepingd.config.ConfigException;
import io.sleepingd.config.ServiceConfig;
import io.sleepingd.spi.Backend;
import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.BackendProvider;
import io.sleepingd.spi.IdleProbe;
import io.sleepingd.spi.IdleProbeProvider;
import io.sleepingd.spi.Key;
import io.sleepingd.spi.ServiceSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Every installed backend provider and idle probe, by the name services select them with, and what
 * went wrong finding them. A broken plugin is a problem of its own: it is reported with its jar and
 * only the services that name it go without.
 */
public final class ProviderCatalog {
    private final Map<String, Found<BackendProvider>> backends;
    private final Map<String, Found<IdleProbeProvider>> probes;
    private final List<String> problems;

    /** A provider and where it came from. */
    private record Found<T>(T provider, ProviderInfo info) {
    }

    private ProviderCatalog(Map<String, Found<BackendProvider>> backends, Map<String, Found<IdleProbeProvider>> probes,
            List<String> problems) {
        this.backends = backends;
        this.probes = probes;
        this.problems = List.copyOf(problems);
    }

    /** The providers of the boot layer and, when the directory exists, of the plugins in it. */
    public static ProviderCatalog load(Optional<Path> pluginDirectory) {
        List<String> problems = new ArrayList<>();
        ModuleLayer layer = pluginDirectory.map(dir -> PluginLayer.load(dir, problems)).orElse(ModuleLayer.boot());
        var backends = find(layer, BackendProvider.class, "backend", BackendProvider::name, problems);
        var probes = find(layer, IdleProbeProvider.class, "idle-probe", IdleProbeProvider::name, problems);
        return new ProviderCatalog(backends, probes, problems);
    }

    private static <T> Map<String, Found<T>> find(ModuleLayer layer, Class<T> type, String kind,
            Function<T, String> name, List<String> problems) {
        Map<String, Found<T>> found = new TreeMap<>();
        // ServiceLoader goes on to the next provider after one that fails: report it and keep going.
        // A layer's loader sees its own providers before its parent's; ours must win, so the boot layer
        // is read first and then only the plugins' own providers.
        Iterator<ServiceLoader.Provider<T>> providers = Stream.concat(
                ServiceLoader.load(ModuleLayer.boot(), type).stream(),
                layer == ModuleLayer.boot() ? Stream.empty() : ServiceLoader.load(layer, type).stream()
                        .filter(provider -> provider.type().getModule().getLayer() == layer))
                .iterator();
        while (true) {
            ServiceLoader.Provider<T> provider;
            try {
                if (!providers.hasNext()) {
                    return found;
                }
                provider = providers.next();
            } catch (ServiceConfigurationError e) {
                problems.add(jarOf(layer, type, e) + ": a " + kind + " provider cannot be loaded: " + e.getMessage());
                continue;
            }
            Module module = provider.type().getModule();
            try {
                T instance = provider.get();
                ProviderInfo info = new ProviderInfo(name.apply(instance), kind, module.getName(),
                        module.getDescriptor().rawVersion(), location(module));
                Found<T> earlier = found.putIfAbsent(info.name(), new Found<>(instance, info));
                if (earlier != null) {
                    problems.add(info.location() + ": " + kind + " provider name '" + info.name()
                            + "' is already taken by " + earlier.info().module() + " (" + earlier.info().location()
                            + "); ignored");
                }
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                problems.add(location(module) + ": " + kind + " provider " + provider.type().getName()
                        + " cannot be loaded: " + (e.getCause() != null ? e.getCause() : e));
            }
        }
    }

    /** The jar whose module declares the provider class the error names. */
    private static String jarOf(ModuleLayer layer, Class<?> service, ServiceConfigurationError error) {
        String message = String.valueOf(error.getMessage());
        for (ModuleLayer each = layer; each != null; each = each.parents().isEmpty() ? null : each.parents().getFirst()) {
            for (Module module : each.modules()) {
                boolean declares = module.getDescriptor().provides().stream()
                        .filter(provides -> provides.service().equals(service.getName()))
                        .flatMap(provides -> provides.providers().stream())
                        .anyMatch(message::contains);
                if (declares) {
                    return location(module);
                }
            }
        }
        return "(unknown jar)";
    }

    private static String location(Module module) {
        return Optional.ofNullable(module.getLayer())
                .flatMap(layer -> layer.configuration().findModule(module.getName()))
                .flatMap(resolved -> resolved.reference().location())
                .map(Object::toString)
                .map(uri -> uri.startsWith("file:") ? Path.of(java.net.URI.create(uri)).toString() : uri)
                .orElse("(unknown)");
    }

    /** What went wrong loading plugins, each naming its jar. */
    public List<String> problems() {
        return problems;
    }

    /** Every provider, backends first, by name. */
    public List<ProviderInfo> list() {
        List<ProviderInfo> all = new ArrayList<>();
        backends.values().forEach(found -> all.add(found.info()));
        probes.values().forEach(found -> all.add(found.info()));
        return all;
    }

    /** The keys the service's provider and idle probe read, beyond the core's. */
    public Set<String> claimedKeys(ServiceConfig service) {
        Set<String> keys = new HashSet<>();
        Optional.ofNullable(backends.get(service.provider()))
                .ifPresent(found -> found.provider().keys().forEach(key -> keys.add(key.name())));
        probeName(service).map(probes::get)
                .ifPresent(found -> found.provider().keys().forEach(key -> keys.add(key.name())));
        return keys;
    }

    /**
     * Opens the service's backend.
     *
     * @throws ProviderUnavailableException when its provider is not installed (or its plugin is broken)
     * @throws ConfigException when the provider rejects the service's settings
     */
    public Backend openBackend(ServiceConfig service) throws ProviderUnavailableException, ConfigException {
        return open(service, "PROVIDER", "provider", service.provider(), backends, BackendProvider::keys,
                BackendProvider::open);
    }

    /** Opens the service's {@code IDLE_PROBE}, if it names one; see {@link #openBackend}. */
    public Optional<IdleProbe> openProbe(ServiceConfig service) throws ProviderUnavailableException, ConfigException {
        Optional<String> name = probeName(service);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(open(service, "IDLE_PROBE", "idle probe", name.get(), probes, IdleProbeProvider::keys,
                IdleProbeProvider::open));
    }

    /** What a provider or a probe does with a service's settings. */
    @FunctionalInterface
    private interface Opener<P, T> {
        T open(P provider, ServiceSettings settings) throws BackendException;
    }

    private static <P, T> T open(ServiceConfig service, String key, String kind, String name,
            Map<String, Found<P>> installed, Function<P, Set<Key<?>>> keys, Opener<P, T> opener)
            throws ProviderUnavailableException, ConfigException {
        Found<P> found = installed.get(name);
        String where = service.origin() + ": service '" + service.name() + "': ";
        if (found == null) {
            throw new ProviderUnavailableException(service.origins().getOrDefault(key, service.origin()) + ": service '"
                    + service.name() + "': " + key + " '" + name + "' is not installed (installed: "
                    + String.join(", ", installed.keySet()) + ")");
        }
        try {
            return opener.open(found.provider(), service.settings(keys.apply(found.provider())));
        } catch (BackendException e) {
            throw new ConfigException(where + e.getMessage());
        } catch (RuntimeException e) {
            throw new ConfigException(where + kind + " '" + name + "' failed: " + e);
        }
    }

    private static Optional<String> probeName(ServiceConfig service) {
        return Optional.ofNullable(service.values().get(Key.IDLE_PROBE.name())).filter(name -> !name.isBlank());
    }
}
