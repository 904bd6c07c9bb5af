package io.sleepingd.daemon;

import io.sleepingd.config.ConfigException;
import io.sleepingd.config.Configuration;
import io.sleepingd.lifecycle.ServiceSet;
import io.sleepingd.providers.ProviderCatalog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;

/**
 * Every problem of a configuration in one run, in file order: the loader's (quoting, values, ports),
 * unknown keys, a USER the daemon cannot become, and each provider's and idle probe's (not
 * installed, a setting rejected). Later checks run on what the earlier ones could read (the
 * loader's {@link ConfigException#remainder}), so a file with four kinds of mistake takes one
 * {@code check-config}, not four.
 */
final class ConfigurationJudge {
    private static final Pattern FILE_AND_LINE = Pattern.compile("^(.+?):(\\d+): ");

    /** What is to be checked beyond loading. */
    enum Purpose {
        /** {@code check-config}: providers too, and not the privileges of whoever runs it. */
        CHECK,
        /**
         * {@code run}, {@code start}, a reload: the daemon's own privileges too; providers only when an
         * earlier check found a problem, since opening the services reports theirs anyway.
         */
        RUN
    }

    /**
     * The configuration to use, the catalog its providers come from, and (for {@link Purpose#CHECK})
     * what each active service's provider and probe run with: see {@link ServiceSet.Checked}.
     */
    record Judged(Configuration configuration, ProviderCatalog catalog, Map<String, Map<String, String>> settingsInUse) {
    }

    private ConfigurationJudge() {
    }

    /**
     * @param load     loads the configuration
     * @param catalogs the providers for a configuration (a reload passes the daemon's own)
     * @throws ConfigException with every problem found, in file order
     */
    static Judged judge(Loader load, Function<Configuration, ProviderCatalog> catalogs, Purpose purpose, Logger log)
            throws ConfigException {
        List<String> problems = new ArrayList<>();
        long unlisted = 0;
        Optional<Configuration> configuration;
        try {
            configuration = Optional.of(load.load());
        } catch (ConfigException e) {
            problems.addAll(listed(e));
            unlisted += e.count() - listed(e).size();
            configuration = e.remainder();
        }
        if (configuration.isEmpty()) {
            throw new ConfigException(problems, problems.size() + unlisted);
        }
        Configuration loaded = configuration.get();
        if (problems.isEmpty()) {
            loaded.warnings().forEach(warning -> log.warn("{}", warning));
        }
        ProviderCatalog catalog = catalogs.apply(loaded);
        try {
            UnknownKeys.check(loaded, catalog, log); // known only once the plugins are
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        if (purpose == Purpose.RUN) {
            try {
                UserSwitching.check(loaded);
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        Map<String, Map<String, String>> settingsInUse = Map.of();
        if (purpose == Purpose.CHECK || !problems.isEmpty()) {
            ServiceSet.Checked checked = ServiceSet.check(loaded, catalog);
            problems.addAll(checked.problems());
            settingsInUse = checked.settingsInUse();
        }
        if (!problems.isEmpty()) {
            List<String> listed = new ArrayList<>(inFileOrder(problems));
            if (unlisted > 0) {
                listed.add("... and " + unlisted + " more problems not listed");
            }
            throw new ConfigException(listed, problems.size() + unlisted);
        }
        return new Judged(loaded, catalog, settingsInUse);
    }

    /** Loads a configuration. */
    @FunctionalInterface
    interface Loader {
        Configuration load() throws ConfigException;
    }

    /** The loader's listed problems, without its "... and N more" line, which is said again at the end. */
    private static List<String> listed(ConfigException e) {
        return e.count() > e.problems().size() ? e.problems().subList(0, e.problems().size() - 1) : e.problems();
    }

    /** By file (in the order first named) and line; problems naming no line first, as they came. */
    static List<String> inFileOrder(List<String> problems) {
        Map<String, Integer> files = new LinkedHashMap<>();
        for (String problem : problems) {
            Matcher where = FILE_AND_LINE.matcher(problem);
            if (where.find()) {
                files.putIfAbsent(where.group(1), files.size());
            }
        }
        return problems.stream().sorted(Comparator.comparingLong(problem -> {
            Matcher where = FILE_AND_LINE.matcher(problem);
            return where.find() ? (files.get(where.group(1)) + 1L) << 32 | Long.parseLong(where.group(2)) : 0L;
        })).distinct().toList();
    }
}
