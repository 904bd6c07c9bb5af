package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The original's options and verbs, plus run and check-config. */
class CommandLineTest {

    @Test
    void configFileMayBeGivenMoreThanOnceAndKeepsItsOrder() throws Exception {
        CommandLine line = CommandLine.parse("-f", "a.conf", "--config-file", "b.conf", "--config-file=c.conf", "status");
        assertEquals(List.of(Path.of("a.conf"), Path.of("b.conf"), Path.of("c.conf")), line.files());
        assertEquals("status", line.verb());
    }

    @Test
    void runDirIsForTheVerbsThatOnlyTalkToTheDaemonAndIsAbsolute() throws Exception {
        assertEquals(Optional.of(Path.of("/run/sleepingd")), CommandLine.parse("--run-dir", "/run/sleepingd", "stop").runDirectory());
        assertEquals(Optional.of(Path.of("/run/x")), CommandLine.parse("--run-dir=/run/x", "status").runDirectory());
        assertEquals("--run-dir is for stop, status, reload", assertThrows(CommandLine.UsageException.class,
                () -> CommandLine.parse("--run-dir", "/run/x", "start")).getMessage());
        assertEquals("--run-dir needs an absolute path, as VARRUN_PATH does", assertThrows(
                CommandLine.UsageException.class, () -> CommandLine.parse("--run-dir", "run", "stop")).getMessage());
    }

    @Test
    void verboseDebugVersionAndHelpAreFlags() throws Exception {
        CommandLine line = CommandLine.parse("-v", "--debug", "run");
        assertTrue(line.verbose() && line.debug());
        assertTrue(CommandLine.parse("-V").version());
        assertTrue(CommandLine.parse("--version").version());
        assertTrue(CommandLine.parse("-h").help());
    }

    @Test
    void anUnknownVerbOrOptionIsAUsageErrorNamingIt() {
        assertEquals("unknown command 'restart'",
                assertThrows(CommandLine.UsageException.class, () -> CommandLine.parse("restart")).getMessage());
        assertEquals("unknown option -x",
                assertThrows(CommandLine.UsageException.class, () -> CommandLine.parse("-x", "start")).getMessage());
        assertEquals("-f needs a file name",
                assertThrows(CommandLine.UsageException.class, () -> CommandLine.parse("start", "-f")).getMessage());
        assertEquals("no command given",
                assertThrows(CommandLine.UsageException.class, CommandLine::parse).getMessage());
    }

    @Test
    void statusTakesJsonAndVerboseWithAServiceWhoseNameMayHoldSpaces() throws Exception {
        CommandLine line = CommandLine.parse("status", "--json", "-v", "Web app");
        assertTrue(line.json() && line.verbose());
        assertEquals(Optional.of("Web app"), line.service());
        assertEquals(Optional.empty(), CommandLine.parse("-v", "status").service(), "-v before the verb logs more");
        assertEquals("--json is for status",
                assertThrows(CommandLine.UsageException.class, () -> CommandLine.parse("--json", "start")).getMessage());
    }

    @Test
    void aStatusRequestReadsBackAsTheCommandLineWroteIt() {
        assertEquals(Optional.of(new ControlRequest.Status(true, true, Optional.of("Web app"))),
                ControlRequest.parseStatus(ControlRequest.status(true, true, Optional.of("Web app"))));
        assertEquals(Optional.of(new ControlRequest.Status(false, false, Optional.empty())),
                ControlRequest.parseStatus("status"));
        assertEquals(Optional.empty(), ControlRequest.parseStatus("statusx"));
    }
}
