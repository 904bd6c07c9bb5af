package io.sleepingd.image;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** What a command run to its end printed (standard output and error together), and its exit status. */
record CommandResult(int exitCode, String output) {
    /** Runs the command to its end; one that has not ended 90 s after closing its output fails the test. */
    static CommandResult of(ProcessBuilder builder) throws Exception {
        Process process = builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(90, TimeUnit.SECONDS), String.join(" ", builder.command()) + " finished");
        return new CommandResult(process.exitValue(), output);
    }
}
