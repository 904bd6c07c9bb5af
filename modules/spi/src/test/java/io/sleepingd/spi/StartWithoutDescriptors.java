package io.sleepingd.spi;

import java.io.FileInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Run by {@link LocalShortageTest} in a JVM of its own with a low descriptor limit: for each argument,
 * uses up every descriptor but that many, runs a command and prints one line: its {@link #outcome}.
 */
public final class StartWithoutDescriptors {
    static final Command COMMAND =
            Command.of("START_CMD", List.of("/bin/sh", "-c", "true"), Duration.ofSeconds(30), line -> { });

    private StartWithoutDescriptors() {
    }

    public static void main(String[] args) throws Exception {
        warmUp();
        for (String free : args) {
            List<FileInputStream> held = new ArrayList<>();
            try {
                useUp(held, Integer.parseInt(free));
                System.out.println(outcome());
            } finally {
                for (FileInputStream stream : held) {
                    stream.close();
                }
            }
        }
    }

    /**
     * Loads what a failed start uses while there is plenty: the test loads classes from directories, a
     * file each (the daemon loads them from its image, which is open already).
     */
    static void warmUp() throws BackendException {
        CommandRunner.run(COMMAND);
        LocalResourceException.shortageIn(new IOException("warm-up"));
        Descriptors.shortage();
    }

    /** {@code started}, or the exception's simple class name and message, its newlines shown as {@code \n}. */
    static String outcome() {
        try {
            CommandRunner.run(COMMAND);
            return "started";
        } catch (BackendException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage().replace("\n", "\\n");
        }
    }

    /** Opens /dev/null until no descriptor is left, then closes {@code free} of them. */
    private static void useUp(List<FileInputStream> held, int free) throws IOException {
        try {
            while (true) {
                held.add(new FileInputStream("/dev/null"));
            }
        } catch (IOException e) {
            // none left
        }
        for (int i = 0; i < free; i++) {
            held.removeLast().close();
        }
    }
}
