package io.sleepingd.daemon;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The parsed arguments: one verb and the options of the original ({@code -f} may be repeated).
 *
 * @param verb      start, stop, status, reload, run or check-config; {@code null} with --version, --help or --list-plugins
 * @param files     the {@code -f} files in order; empty means the default file list
 * @param runDirectory {@code --run-dir}: where the running daemon is, for stop, status and reload
 * @param json      {@code status --json}
 * @param service   {@code status -v SERVICE}: the one service whose connections to list
 */
record CommandLine(String verb, List<Path> files, boolean verbose, boolean debug, boolean version, boolean help,
        boolean listPlugins, Optional<Path> runDirectory, boolean json, Optional<String> service) {

    /** The verbs that only talk to the running daemon: they work with a broken or missing configuration. */
    static final List<String> CONTROL_VERBS = List.of("stop", "status", "reload");

    static final List<String> VERBS = List.of("start", "stop", "status", "reload", "run", "check-config");

    static final String USAGE = """
            Usage: sleepingd [options] start|stop|status|reload|run|check-config
              start          start the daemon in the background; prints '<service> (port N) started'
              stop           stop it: stop accepting, let connections finish, run STOP_CMD of awake services
              status         a row per service and why it is awake; exit status 0 when running, 3 when not
                             status -v [SERVICE]: also every live connection (of SERVICE only)
                             status --json: the same as JSON (docs/observability.md)
              reload         make the running daemon read its configuration again (exit 1 if refused, 7 if not running)
              run            run in the foreground (for systemd and containers)
              check-config   validate the configuration and print every service's effective settings
            Options:
              -f, --config-file FILE   read FILE instead of the default files (may be repeated)
                  --run-dir DIR        stop, status, reload: the daemon's run directory (VARRUN_PATH),
                                       without reading the configuration
              -v, --verbose            log more (debug level for sleepingd); with status, list connections
                  --debug              log everything (debug level for all libraries too)
                  --list-plugins       print every provider: name, kind, module, version, jar
              -V, --version            print the version
              -h, --help               print this help
            """;

    /** Thrown for arguments that make no sense; the message says which. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static CommandLine parse(String... args) throws UsageException {
        String verb = null;
        List<Path> files = new ArrayList<>();
        boolean verbose = false;
        boolean debug = false;
        boolean version = false;
        boolean help = false;
        boolean listPlugins = false;
        Optional<Path> runDirectory = Optional.empty();
        boolean json = false;
        Optional<String> service = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "-f", "--config-file" -> {
                    if (i + 1 == args.length) {
                        throw new UsageException(arg + " needs a file name");
                    }
                    files.add(Path.of(args[++i]));
                }
                case "--run-dir" -> {
                    if (i + 1 == args.length) {
                        throw new UsageException(arg + " needs a directory");
                    }
                    runDirectory = Optional.of(Path.of(args[++i]));
                }
                case "-v", "--verbose" -> {
                    verbose = true;
                    if ("status".equals(verb) && i + 1 < args.length && !args[i + 1].startsWith("-")) {
                        service = Optional.of(args[++i]); // status -v SERVICE
                    }
                }
                case "--json" -> json = true;
                case "--debug" -> debug = true;
                case "-V", "--version" -> version = true;
                case "-h", "--help" -> help = true;
                case "--list-plugins" -> listPlugins = true;
                default -> {
                    if (arg.startsWith("--config-file=")) {
                        files.add(Path.of(arg.substring("--config-file=".length())));
                    } else if (arg.startsWith("--run-dir=")) {
                        runDirectory = Optional.of(Path.of(arg.substring("--run-dir=".length())));
                    } else if (arg.startsWith("-")) {
                        throw new UsageException("unknown option " + arg);
                    } else if (!VERBS.contains(arg)) {
                        throw new UsageException("unknown command '" + arg + "'");
                    } else if (verb != null) {
                        throw new UsageException("only one command at a time ('" + verb + "' and '" + arg + "')");
                    } else {
                        verb = arg;
                    }
                }
            }
        }
        if (verb == null && !version && !help && !listPlugins) {
            throw new UsageException("no command given");
        }
        if (runDirectory.isPresent() && !CONTROL_VERBS.contains(verb)) {
            throw new UsageException("--run-dir is for " + String.join(", ", CONTROL_VERBS));
        }
        if (runDirectory.isPresent() && !runDirectory.get().isAbsolute()) {
            throw new UsageException("--run-dir needs an absolute path, as VARRUN_PATH does");
        }
        if (json && !"status".equals(verb)) {
            throw new UsageException("--json is for status");
        }
        return new CommandLine(verb, List.copyOf(files), verbose, debug, version, help, listPlugins, runDirectory,
                json, service);
    }
}
