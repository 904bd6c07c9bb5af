package io.sleepingd.spi;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A command that cannot start because this machine ran short, for real (of file descriptors under
 * {@code ulimit -n 128}, of processes under {@code RLIMIT_NPROC} 1), is a {@link LocalResourceException}
 * whose message is one line, not the JDK's ten lines of advice about re-installing it. Each shortage is
 * made in a JVM of its own.
 */
@Timeout(120)
class LocalShortageTest {

    @Test
    void aStartWithoutFileDescriptorsIsALocalResourceExceptionOfOneLine() throws Exception {
        List<String> outcomes = runWithoutDescriptors("0", "1", "2", "3");

        assertEquals(4, outcomes.size(), outcomes.toString());
        outcomes.forEach(outcome -> assertOneLineShortage(outcome, "too many open files"));
    }

    @Test
    void aStartWithFewerThan32DescriptorsLeftIsRefusedBeforeTheJdkTries() throws Exception {
        // With a few left the JDK's start fails, and its failure path was seen to close a descriptor it
        // had not opened; with enough, the command starts.
        List<String> outcomes = runWithoutDescriptors("10", "20", "64");

        assertAll(
                () -> assertRefusedBeforeTrying(outcomes.get(0)),
                () -> assertRefusedBeforeTrying(outcomes.get(1)),
                () -> assertEquals("started", outcomes.get(2)));
    }

    /** The runner's own words: the JDK's would name the program it could not run. */
    private static void assertRefusedBeforeTrying(String outcome) {
        assertTrue(outcome.matches("LocalResourceException: cannot run START_CMD: too many open files "
                + "\\(1[0-9]{2} of 128 file descriptors in use\\)"), outcome);
    }

    @Test
    void aStartThatCannotForkIsALocalResourceExceptionOfOneLineNotTheJdksTenLines() throws Exception {
        assumeTrue(RunAs.currentUid() == 0, "the child JVM runs as nobody, which needs root");
        // RLIMIT_NPROC does not bind root: the child runs as nobody.
        List<String> outcomes = runChild(List.of("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup",
                "--clear-groups"), "io.sleepingd.spi.StartWithoutProcesses");

        assertEquals(1, outcomes.size(), outcomes.toString());
        assertOneLineShortage(outcomes.getFirst(), "resource temporarily unavailable");
    }

    private static void assertOneLineShortage(String outcome, String shortage) {
        assertAll(
                () -> assertTrue(outcome.startsWith("LocalResourceException: cannot run START_CMD: "), outcome),
                () -> assertTrue(outcome.toLowerCase(Locale.ROOT).contains(shortage), outcome),
                () -> assertFalse(outcome.contains("\\n"), "more than one line: " + outcome));
    }

    private static List<String> runWithoutDescriptors(String... free) throws Exception {
        List<String> args = new ArrayList<>(List.of("/bin/bash", "-c", "ulimit -n 128 && exec \"$@\"", "bash"));
        return runChild(args, "io.sleepingd.spi.StartWithoutDescriptors", free);
    }

    /** Runs {@code main} in a JVM of its own behind {@code prefix}; its lines of standard output. */
    private static List<String> runChild(List<String> prefix, String main, String... args) throws Exception {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-cp",
                Path.of("target", "classes").toAbsolutePath() + File.pathSeparator
                        + Path.of("target", "test-classes").toAbsolutePath(), main));
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM did not end");
        assertEquals(0, child.exitValue(), "the child JVM failed: " + out);
        return out.lines().toList();
    }
}
