package io.sleepingd.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads the original sleepingd's configuration files (same locations, same format) into a validated
 * {@link Configuration}. Values are taken literally and nothing comes from the process environment,
 * except {@code HOME} and {@code XDG_RUNTIME_DIR} for the default {@code VARRUN_PATH}.
 */
public final class ConfigLoader {
    private static final String TOGETHER_TOO_LARGE = "together with the files before it, larger than the "
            + Limits.CONFIGURATION_BYTES_TEXT + " limit for a configuration";

    private ConfigLoader() {
    }

    /**
     * The files read when no {@code -f} is given, in reading order (later ones override earlier ones).
     * The original also read {@code etc/sleepingd.conf} and {@code etc/sleepingd/sleepingd.conf} in the
     * current directory; root does not, since a directory root happens to be in may belong to anybody.
     */
    public static List<Path> defaultFiles(Path home, Path workingDirectory, int uid) {
        List<Path> files = new ArrayList<>(List.of(
                Path.of("/etc/default/sleepingd.conf"),
                Path.of("/etc/sleepingd/sleepingd.conf"),
                Path.of("/etc/sleepingd.conf"),
                home.resolve(".sleepingd")));
        if (uid != 0) {
            files.add(workingDirectory.resolve("etc/sleepingd.conf"));
            files.add(workingDirectory.resolve("etc/sleepingd/sleepingd.conf"));
        }
        return List.copyOf(files);
    }

    /**
     * Reads {@code files} in order and merges them.
     *
     * @param explicit true for files named with {@code -f}, each of which must exist; false for
     *                 {@link #defaultFiles}, of which the missing ones are skipped but one must exist
     * @throws ConfigException with every problem found, each {@code FILE:LINE: ...} where possible (past
     *                         100 they are counted, and a {@link Limits limit} stops the reading)
     */
    public static Configuration load(List<Path> files, boolean explicit) throws ConfigException {
        if (files.isEmpty()) {
            throw new ConfigException("no configuration file given");
        }
        Problems problems = new Problems();
        ConfigDraft draft = read(files, explicit, problems);
        if (!explicit && draft.files().isEmpty() && !problems.hasErrors()) {
            throw new ConfigException("no configuration file found (looked in: "
                    + files.stream().map(Path::toString).collect(Collectors.joining(", ")) + ")");
        }
        return ConfigAssembler.assemble(draft, problems, new UserLookup());
    }

    /**
     * Where the daemon keeps its run directory and finds its plugins, according to {@code files}, even
     * when the configuration has problems elsewhere, or is missing: what {@code stop}, {@code status},
     * {@code reload} and {@code --list-plugins} need, which must work while the configuration is
     * being fixed. A file that cannot be read or is refused counts as absent; a {@code VARRUN_PATH} or
     * {@code PLUGIN_DIR} that is not an absolute path as not set.
     */
    public static Locations locate(List<Path> files) {
        ConfigDraft draft = read(files, false, new Problems());
        Optional<Path> runDirectory = absolute(draft, Keys.VARRUN_PATH);
        return new Locations(runDirectory.orElseGet(RunDirectoryDefault::forThisProcess),
                absolute(draft, Keys.PLUGIN_DIR));
    }

    /**
     * The run directory and the plugins directory, as {@link #locate} finds them.
     *
     * @param pluginDirectory empty for the installation's default
     */
    public record Locations(Path runDirectory, Optional<Path> pluginDirectory) {
    }

    private static Optional<Path> absolute(ConfigDraft draft, String key) {
        return Optional.ofNullable(draft.general().assignments().get(key)).map(Assignment::value)
                .filter(value -> !value.isBlank()).flatMap(value -> {
                    try {
                        return Optional.of(ValueChecks.absolutePath(key, value));
                    } catch (ValueException e) {
                        return Optional.empty();
                    }
                });
    }

    /** Every file's sections and assignments, merged; what cannot be read is a problem, and skipped. */
    private static ConfigDraft read(List<Path> files, boolean explicit, Problems problems) {
        ConfigDraft draft = new ConfigDraft();
        long bytesRead = 0;
        for (Path file : files) {
            byte[] bytes;
            try {
                bytes = ConfigFileInput.read(file);
            } catch (NoSuchFileException e) {
                if (explicit) {
                    problems.error(file + ": no such file");
                }
                continue;
            } catch (IOException e) {
                problems.error(file + ": " + reason(e));
                continue;
            } catch (ValueException e) {
                problems.error(file + ": " + e.getMessage());
                continue;
            }
            bytesRead += bytes.length;
            if (bytesRead > Limits.CONFIGURATION_BYTES) {
                problems.error(file + ": " + TOGETHER_TOO_LARGE);
                break; // the files after it could only add to what is too much already
            }
            String text;
            try {
                text = ConfigFileInput.utf8(file, bytes);
            } catch (ValueException e) {
                problems.error(e.getMessage());
                continue;
            }
            draft.fileRead(file);
            if (!ConfigFileReader.read(file, text, draft, problems)) {
                break; // a limit was reached: the rest is not read
            }
        }
        return draft;
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason(); // getMessage() would repeat the file name
        }
        return e.getMessage();
    }
}
