package io.sleepingd.daemon;

import io.sleepingd.config.ConfigException;
import io.sleepingd.config.ConfigLoader;
import io.sleepingd.config.ConfigLoader.Locations;
import io.sleepingd.config.Configuration;
import io.sleepingd.config.ServiceConfig;
import io.sleepingd.spi.RunAs;
import io.sleepingd.providers.ProviderCatalog;
import io.sleepingd.providers.ProviderInfo;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        try {
            if (arguments.listPlugins() || CommandLine.CONTROL_VERBS.contains(arguments.verb())) {
                return control(arguments, out, err);
            }
            Configuration configuration;
            ProviderCatalog catalog;
            Map<String, Map<String, String>> settingsInUse;
            try {
                ConfigurationJudge.Judged judged = ConfigurationJudge.judge(() -> load(arguments),
                        loaded -> loadProviders(loaded, log), arguments.verb().equals("check-config")
                                ? ConfigurationJudge.Purpose.CHECK : ConfigurationJudge.Purpose.RUN, log);
                configuration = judged.configuration();
                catalog = judged.catalog();
                settingsInUse = judged.settingsInUse();
                if (configuration.jsonLogs() && arguments.verb().equals("run")) {
                    Logging.json(); // the daemon's lines; a CLI's own messages stay text
                }
            } catch (ConfigException e) {
                e.problems().forEach(err::println);
                err.println("sleepingd: the configuration has " + e.counted()
                        + (arguments.verb().equals("check-config") ? "" : "; nothing started"));
                return 1;
            }
            return switch (arguments.verb()) {
                case "run" -> Daemon.run(configuration, catalog);
                case "start" -> DetachedStart.start(configuration, arguments, out, err);
                case "check-config" -> {
                    ConfigReport.print(configuration, Installation.pluginDirectory(configuration.pluginDirectory()),
                            settingsInUse, out);
                    yield 0;
                }
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

    /**
     * {@code stop}, {@code status}, {@code reload} and {@code --list-plugins}: they need only where the
     * daemon keeps its run directory and its plugins, so they work while the configuration is broken
     * or missing, which is when an administrator needs them most.
     */
    private static int control(CommandLine arguments, PrintStream out, PrintStream err) throws IOException {
        Locations where = arguments.runDirectory().map(dir -> new Locations(dir, Optional.empty()))
                .orElseGet(() -> ConfigLoader.locate(files(arguments)));
        if (arguments.listPlugins()) {
            ProviderCatalog catalog = ProviderCatalog.load(Optional.of(Installation.pluginDirectory(
                    where.pluginDirectory())));
            catalog.problems().forEach(err::println);
            return listPlugins(catalog, out);
        }
        RunDirectory.checkTrusted(where.runDirectory());
        Path socket = RunDirectory.controlSocket(where.runDirectory());
        return switch (arguments.verb()) {
            case "stop" -> stop(socket, out);
            case "status" -> status(socket, arguments, out);
            case "reload" -> reload(socket, out);
            default -> throw new IllegalStateException("unhandled verb " + arguments.verb());
        };
    }

    private static List<Path> files(CommandLine arguments) {
        if (!arguments.files().isEmpty()) {
            return arguments.files();
        }
        Path home = Path.of(System.getProperty("user.home"));
        return ConfigLoader.defaultFiles(home, Path.of("").toAbsolutePath(), RunAs.currentUid());
    }

    private static Configuration load(CommandLine arguments) throws ConfigException {
        return ConfigLoader.load(files(arguments), !arguments.files().isEmpty());
    }

    /** The installed providers; broken plugins are logged. */
    private static ProviderCatalog loadProviders(Configuration configuration, Logger log) {
        ProviderCatalog catalog = ProviderCatalog.load(Optional.of(Installation.pluginDirectory(
                configuration.pluginDirectory())));
        catalog.problems().forEach(problem -> log.error("{}", problem));
        return catalog;
    }

    private static int listPlugins(ProviderCatalog catalog, PrintStream out) {
        for (ProviderInfo info : catalog.list()) {
            out.printf("%-12s %-10s %s%s  %s%n", info.name(), info.kind(), info.module(),
                    info.version().map(v -> "@" + v).orElse(""), info.location());
        }
        return catalog.problems().isEmpty() ? 0 : 1;
    }

    private static int stop(Path socket, PrintStream out) throws IOException {
        Optional<List<String>> answer = ControlClient.request(socket, "stop");
        out.println(answer.isPresent() ? "sleepingd stopped" : "sleepingd is not running");
        return 0;
    }

    /** LSB: {@code reload} of a daemon that is not running. */
    static final int RELOAD_NOT_RUNNING = 7;

    /** The daemon reads its own files again and judges them; a refusal lists their problems. */
    private static int reload(Path socket, PrintStream out) throws IOException {
        Optional<List<String>> answer = ControlClient.request(socket, "reload");
        if (answer.isEmpty()) {
            out.println("sleepingd is not running");
            return RELOAD_NOT_RUNNING;
        }
        answer.get().forEach(out::println);
        return !answer.get().isEmpty() && answer.get().getFirst().startsWith("reloaded") ? 0 : 1;
    }

    /**
     * The daemon's answer (text or JSON, with connections for -v), exit status 1 when it answers an
     * error (no such service); when it is not running, a line per service the configuration has, if it loads.
     */
    private static int status(Path socket, CommandLine arguments, PrintStream out) throws IOException {
        Optional<List<String>> answer = ControlClient.request(socket, ControlRequest.status(arguments.json(),
                arguments.verbose(), arguments.service()));
        if (answer.isPresent()) {
            answer.get().forEach(out::println);
            return !answer.get().isEmpty() && answer.get().getFirst().startsWith("error:") ? 1 : 0;
        }
        try {
            for (ServiceConfig service : load(arguments).activeServices()) {
                out.println(service.name() + " (port " + service.port() + "): not running");
            }
        } catch (ConfigException e) {
            out.println("sleepingd is not running (and the configuration has " + e.counted()
                    + ": see sleepingd check-config)");
        }
        return NOT_RUNNING;
    }

}
