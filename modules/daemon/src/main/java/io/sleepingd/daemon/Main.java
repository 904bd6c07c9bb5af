package io.sleepingd.daemon;

import io.sleepingd.config.ConfigException;
import io.sleepingd.config.ConfigLoader;
import io.sleepingd.config.Configuration;
import io.sleepingd.config.ServiceConfig;
import io.sleepingd.config.UnknownKey;
import io.sleepingd.spi.RunAs;
import io.sleepingd.lifecycle.ServiceSet;
import io.sleepingd.providers.ProviderCatalog;
import io.sleepingd.providers.ProviderInfo;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code sleepingd} command line: the original's verbs, plus {@code run} and {@code check-config}. */
public final class Main {
    /** LSB: {@code status} of a daemon that is not running. */
    static final int NOT_RUNNING = 3;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err));
    }

    static int execute(String[] args, PrintStream out, PrintStream err) {
        CommandLine arguments;
        try {
            arguments = CommandLine.parse(args);
        } catch (CommandLine.UsageException e) {
            err.println("sleepingd: " + e.getMessage());
            err.print(CommandLine.USAGE);
            return 2;
        }
        if (arguments.help()) {
            out.print(CommandLine.USAGE);
            return 0;
        }
        if (arguments.version()) {
            out.println(Version.current());
            return 0;
        }
        Logging.configure(arguments.verbose(), arguments.debug());
        Logger log = LoggerFactory.getLogger(Main.class);
        Configuration configuration;
        try {
            configuration = load(arguments);
        } catch (ConfigException e) {
            e.problems().forEach(err::println);
            err.println("sleepingd: the configuration has " + e.counted()
                    + ("reload".equals(arguments.verb()) ? "; the running daemon keeps the one it has"
                            : "; nothing started"));
            return 1;
        }
        configuration.warnings().forEach(warning -> log.warn("{}", warning));
        if (arguments.listPlugins()) {
            return listPlugins(loadProviders(configuration, log), out);
        }
        try {
            return switch (arguments.verb()) {
                case "run" -> Daemon.run(configuration, loadProviders(configuration, log));
                case "start" -> DetachedStart.start(configuration, arguments, out, err);
                case "stop" -> stop(configuration, out);
                case "status" -> status(configuration, out);
                case "reload" -> reload(configuration, out);
                case "check-config" -> checkConfig(configuration, loadProviders(configuration, log), out, err);
                default -> throw new IllegalStateException("unhandled verb " + arguments.verb());
            };
        } catch (IOException e) {
            err.println("sleepingd: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static Configuration load(CommandLine arguments) throws ConfigException {
        if (arguments.files().isEmpty()) {
            Path home = Path.of(System.getProperty("user.home"));
            List<Path> files = ConfigLoader.defaultFiles(home, Path.of("").toAbsolutePath(), RunAs.currentUid());
            return ConfigLoader.load(files, false);
        }
        return ConfigLoader.load(arguments.files(), true);
    }

    /** The installed providers; broken plugins are logged, and so are keys no provider claims. */
    private static ProviderCatalog loadProviders(Configuration configuration, Logger log) {
        ProviderCatalog catalog = ProviderCatalog.load(Optional.of(Installation.pluginDirectory(configuration)));
        catalog.problems().forEach(problem -> log.error("{}", problem));
        // once per service, not per key and service: a thousand services with a hundred keys each add up
        Set<String> claimed = new HashSet<>();
        configuration.services().forEach(service -> claimed.addAll(catalog.claimedKeys(service)));
        for (UnknownKey unknown : configuration.unknownKeys()) {
            if (!claimed.contains(unknown.key())) {
                log.warn("{}", unknown.warning());
            }
        }
        return catalog;
    }

    private static int listPlugins(ProviderCatalog catalog, PrintStream out) {
        for (ProviderInfo info : catalog.list()) {
            out.printf("%-12s %-10s %s%s  %s%n", info.name(), info.kind(), info.module(),
                    info.version().map(v -> "@" + v).orElse(""), info.location());
        }
        return catalog.problems().isEmpty() ? 0 : 1;
    }

    private static int stop(Configuration configuration, PrintStream out) throws IOException {
        RunDirectory.checkTrusted(configuration.runDirectory());
        Optional<List<String>> answer = ControlClient.request(RunDirectory.controlSocket(configuration.runDirectory()),
                "stop");
        out.println(answer.isPresent() ? "sleepingd stopped" : "sleepingd is not running");
        return 0;
    }

    /** LSB: {@code reload} of a daemon that is not running. */
    static final int RELOAD_NOT_RUNNING = 7;

    private static int reload(Configuration configuration, PrintStream out) throws IOException {
        RunDirectory.checkTrusted(configuration.runDirectory());
        Optional<List<String>> answer = ControlClient.request(RunDirectory.controlSocket(configuration.runDirectory()),
                "reload");
        if (answer.isEmpty()) {
            out.println("sleepingd is not running");
            return RELOAD_NOT_RUNNING;
        }
        answer.get().forEach(out::println);
        return !answer.get().isEmpty() && answer.get().getFirst().startsWith("reloaded") ? 0 : 1;
    }

    private static int status(Configuration configuration, PrintStream out) throws IOException {
        RunDirectory.checkTrusted(configuration.runDirectory());
        Optional<List<String>> answer = ControlClient.request(
                RunDirectory.controlSocket(configuration.runDirectory()), "status");
        if (answer.isPresent()) {
            answer.get().forEach(out::println);
            return 0;
        }
        for (ServiceConfig service : configuration.activeServices()) {
            out.println(service.name() + " (port " + service.port() + "): not running");
        }
        return NOT_RUNNING;
    }

    private static int checkConfig(Configuration configuration, ProviderCatalog catalog, PrintStream out,
            PrintStream err) {
        try {
            List<String> unavailable = ServiceSet.check(configuration, catalog);
            if (!unavailable.isEmpty()) {
                unavailable.forEach(err::println);
                return 1;
            }
        } catch (ConfigException e) {
            e.problems().forEach(err::println);
            return 1;
        }
        ConfigReport.print(configuration, out);
        return 0;
    }
}
