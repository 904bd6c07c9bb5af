package io.sleepingd.daemon;

import io.sleepingd.config.Configuration;
import io.sleepingd.config.ServiceConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code sleepingd start}: runs {@code sleepingd run} as a detached child (its own session, output
 * to the log file in the run directory) and reports "started" only once the child answers on its
 * control socket, which it opens after every port is bound. A child that exits instead is a
 * failure, reported with what it logged.
 */
final class DetachedStart {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final int TAIL_BYTES = 64 * 1024;

    private DetachedStart() {
    }

    static int start(Configuration configuration, CommandLine arguments, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        Path runDirectory = configuration.runDirectory();
        Path socket = RunDirectory.controlSocket(runDirectory);
        RunDirectory.prepare(runDirectory);
        if (ControlClient.request(socket, "status").isPresent()) {
            out.println("sleepingd is already running");
            return 0;
        }
        Path log = RunDirectory.logFile(runDirectory);
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        Process child = new ProcessBuilder(childCommand(configuration, arguments))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true)
                .start();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                err.println("sleepingd could not start (exit status " + child.exitValue() + "); it logged:");
                err.print(tail(log, logStart));
                return 1;
            }
            Optional<List<String>> running = ControlClient.request(socket, ControlRequest.LISTENING);
            if (running.isPresent()) {
                for (ServiceConfig service : configuration.activeServices()) {
                    String name = service.name() + " (port " + service.port() + ")";
                    boolean started = running.get().contains(name);
                    out.println(name + (started ? " started" : " not started (see " + log + ")"));
                }
                return 0;
            }
            Thread.sleep(50);
        }
        child.destroy(); // a half-started daemon would make the next 'start' say "already running"
        err.println("sleepingd did not become ready within " + READY_TIMEOUT.toSeconds() + " s; stopped it; see " + log);
        return 1;
    }

    /** The same JVM with the same options and module path as ours, reading exactly the files we read. */
    private static List<String> childCommand(Configuration configuration, CommandLine arguments) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString()); // leave the terminal's session: no SIGHUP/SIGINT from it
        }
        ProcessHandle.Info self = ProcessHandle.current().info();
        command.add(self.command().orElse("java"));
        List<String> jvmOptions = List.of(self.arguments().orElse(new String[0]));
        int main = jvmOptions.indexOf("-m");
        command.addAll(main < 0 ? List.of() : jvmOptions.subList(0, main));
        command.add("-m");
        command.add(DetachedStart.class.getModule().getName() + "/" + Main.class.getName());
        command.add("run");
        for (Path file : configuration.files()) {
            command.add("-f");
            command.add(file.toAbsolutePath().toString());
        }
        if (arguments.verbose()) {
            command.add("--verbose");
        }
        if (arguments.debug()) {
            command.add("--debug");
        }
        return command;
    }

    /**
     * What the child appended to the log since {@code from}, at most its last {@link #TAIL_BYTES}: the
     * log may be large, and only the end of it says why the start failed.
     */
    private static String tail(Path log, long from) throws IOException {
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.READ)) {
            long end = channel.size();
            long start = Math.max(Math.min(from, end), end - TAIL_BYTES);
            channel.position(start);
            byte[] bytes = Channels.newInputStream(channel).readNBytes((int) (end - start));
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (start <= from) {
                return text;
            }
            // the cut may fall inside a line, or a character: show whole lines only
            String lines = text.substring(text.indexOf('\n') + 1);
            return "[... only the last " + TAIL_BYTES / 1024 + " KiB shown; the rest is in " + log + "]"
                    + System.lineSeparator() + lines;
        }
    }
}
