package io.sleepingd.daemon;

import io.sleepingd.config.Configuration;
import io.sleepingd.config.ServiceConfig;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code sleepingd check-config}'s output, like {@code sshd -T}: every service's effective
 * settings after inheritance and defaults, written in the configuration's own syntax.
 */
final class ConfigReport {
    private static final Pattern BARE = Pattern.compile("[^\\s\"'#\\\\$`]+");

    private ConfigReport() {
    }

    static void print(Configuration configuration, PrintStream out) {
        out.println("# files: " + configuration.files());
        out.println("VARRUN_PATH=" + quote(configuration.runDirectory().toString()));
        out.println("SHUTDOWN_GRACE=" + configuration.shutdownGrace().toSeconds());
        for (ServiceConfig service : configuration.services()) {
            out.println();
            out.println("[" + service.name() + "]");
            out.println("# " + service.origin() + (service.active() ? "" : " (inactive)"));
            Map<String, String> sorted = new TreeMap<>(service.values());
            sorted.forEach((key, value) -> out.println(key + "=" + quote(value)));
        }
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
