package io.sleepingd.daemon;

import io.sleepingd.config.Configuration;
import io.sleepingd.logging.HostPort;
import io.sleepingd.config.ServiceConfig;
import io.sleepingd.config.UnknownKey;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.regex.Pattern;

/**
 * {@code sleepingd check-config}'s output, like {@code sshd -T}: every service's effective
 * settings after inheritance and defaults, written in the configuration's own syntax, which reads
 * back the same. The values in use, never a blank that leaves the default to guess: the core's, and
 * each active service's provider's and probe's as they report them ({@code Backend.settingsInUse}).
 */
final class ConfigReport {
    private static final Pattern BARE = Pattern.compile("[^\\s\"'#\\\\$`]+");
    /** The core's keys, in the order printed; the provider's follow. */
    private static final List<String> CORE = List.of("ACTIVE", "PORT", "BIND", "USER", "WAKE_TIMEOUT", "IDLE_TIME",
            "IDLE_CHECK_INTERVAL", "PROVIDER", "IDLE_PROBE", "ON_EVENT_CMD", "ON_EVENT_URL", "WAKE_FROM", "NO_WAKE_FROM",
            "KEEP_AWAKE_FROM", "WAKE_RATE", "PROTOCOL", "HOLD_REPLY_AFTER");

    private ConfigReport() {
    }

    /**
     * @param pluginDirectory where the plugins were loaded from
     * @param settingsInUse   by service name, what its provider and probe say they run with
     */
    static void print(Configuration configuration, Path pluginDirectory, Map<String, Map<String, String>> settingsInUse,
            PrintStream out) {
        out.println("# files: " + configuration.files());
        out.println("VARRUN_PATH=" + quote(configuration.runDirectory().toString()));
        out.println(Files.isDirectory(pluginDirectory) ? "PLUGIN_DIR=" + quote(pluginDirectory.toString())
                : "PLUGIN_DIR=\"\" # the default, " + pluginDirectory + ", which does not exist: the built-in providers only");
        out.println("SHUTDOWN_GRACE=" + configuration.shutdownGrace().toSeconds());
        out.println("UNKNOWN_KEYS=" + (configuration.unknownKeysAreErrors() ? "error" : "warn"));
        out.println("LOG_FORMAT=" + (configuration.jsonLogs() ? "json" : "text"));
        out.println("ADMIN_ADDRESS=" + configuration.adminAddress().map(HostPort::of).orElse(""));
        Set<String> unknown = configuration.unknownKeys().stream().map(UnknownKey::key)
                .collect(Collectors.toCollection(TreeSet::new));
        for (ServiceConfig service : configuration.services()) {
            out.println();
            out.println("[" + service.name() + "]");
            out.println("# " + service.origin() + (service.active() ? "" : " (inactive)"));
            Map<String, String> values = service.values();
            for (String key : CORE) {
                out.println(shown(key, values.getOrDefault(key, "")));
            }
            Map<String, String> rest = settingsInUse.get(service.name());
            if (rest == null) { // inactive, or a provider that does not say: every other value, as written
                rest = new TreeMap<>(values);
                rest.keySet().removeAll(CORE);
            }
            rest.forEach((key, value) -> out.println(key + "=" + quote(value)));
            for (String key : unknown) { // with UNKNOWN_KEYS=warn: kept in the report, so that it reads back the same
                if (values.containsKey(key) && !rest.containsKey(key)) {
                    out.println(key + "=" + quote(values.get(key)) + " # read by nothing");
                }
            }
        }
    }

    /** {@code KEY=value}, where a blank value says what it means: "" alone would leave the reader guessing. */
    private static String shown(String key, String value) {
        if (!value.isBlank()) {
            return key + "=" + quote(value);
        }
        return switch (key) {
            case "BIND" -> "BIND=\"\" # every address, IPv4 and IPv6";
            case "USER" -> "USER=\"\" # the daemon's own user";
            case "IDLE_TIME" -> "IDLE_TIME=0 # never put to sleep for being idle";
            case "IDLE_CHECK_INTERVAL" -> "IDLE_CHECK_INTERVAL=0 # no idle checks";
            case "IDLE_PROBE" -> "IDLE_PROBE=\"\" # none";
            case "ON_EVENT_CMD" -> "ON_EVENT_CMD=\"\" # no hook";
            case "ON_EVENT_URL" -> "ON_EVENT_URL=\"\" # no webhook";
            case "WAKE_FROM" -> "WAKE_FROM=\"\" # every address may wake the backend";
            case "NO_WAKE_FROM" -> "NO_WAKE_FROM=\"\" # none refused";
            case "KEEP_AWAKE_FROM" -> "KEEP_AWAKE_FROM=\"\" # every connection keeps the backend awake";
            case "WAKE_RATE" -> "WAKE_RATE=\"\" # no limit but the back-off after failed wakes";
            case "HOLD_REPLY_AFTER" -> "HOLD_REPLY_AFTER=\"\" # held until WAKE_TIMEOUT";
            default -> key + "=\"\"";
        };
    }

    /** Bare when that reads back the same, else double-quoted with the escapes the parser undoes. */
    static String quote(String value) {
        if (BARE.matcher(value).matches()) {
            return value;
        }
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\' || c == '$' || c == '`') {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.append('"').toString();
    }
}
