package io.sleepingd.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away system with systemd as PID 1, for what cannot be checked on these machines directly
 * (systemd is not their PID 1): {@code systemd-nspawn} boots this machine's own root file system
 * through an overlay whose writable layer is a tmpfs, with a private network. dpkg's database, bash
 * and netcat are the machine's; whatever is installed, written or started inside vanishes on close.
 * Boots to {@code basic.target}, so the machine's own enabled services stay down.
 */
final class BootedSystem implements AutoCloseable {
    private static final Duration BOOT_LIMIT = Duration.ofSeconds(60);
    private final Path base;
    private final Path root;
    private final Process nspawn;
    private long init;

    private BootedSystem(Path base, Path root, Process nspawn) {
        this.base = base;
        this.root = root;
        this.nspawn = nspawn;
    }

    /** Boots a fresh system; waits until systemd reports it running. */
    static BootedSystem boot() throws Exception {
        // Not a JUnit @TempDir: its clean-up would walk into the overlay if an unmount failed.
        Path base = Files.createTempDirectory("sleepingd-booted"); // mode 0700
        Path layers = Files.createDirectory(base.resolve("layers"));
        host("mount", "-t", "tmpfs", "-o", "mode=700", "tmpfs", layers.toString());
        Path root = Files.createDirectory(layers.resolve("root"));
        Files.createDirectory(layers.resolve("upper"));
        Files.createDirectory(layers.resolve("work"));
        host("mount", "-t", "overlay", "overlay", "-o", "lowerdir=/,upperdir=" + layers.resolve("upper")
                + ",workdir=" + layers.resolve("work"), root.toString());
        Process nspawn = new ProcessBuilder("systemd-nspawn", "--quiet", "--register=no", "--keep-unit",
                "--link-journal=no", "--private-network", "--console=passive", "--directory=" + root,
                "--boot", "systemd.unit=basic.target")
                .redirectErrorStream(true).redirectOutput(base.resolve("nspawn.log").toFile()).start();
        BootedSystem system = new BootedSystem(base, root, nspawn);
        try {
            system.awaitRunning();
        } catch (Exception | AssertionError e) {
            system.close();
            throw e;
        }
        return system;
    }

    /** The system's root directory as seen from outside, to put files in before running them. */
    Path root() {
        return root;
    }

    /**
     * Installs (or upgrades to) the package this build made, with the real dpkg, and checks that its
     * maintainer scripts left the daemon running.
     */
    void installBuiltPackage() throws Exception {
        Path copy = root.resolve("root/sleepingd.deb");
        if (!Files.exists(copy)) {
            try (DirectoryStream<Path> debs = Files.newDirectoryStream(Path.of(System.getProperty("sleepingd.target")),
                    "sleepingd_*_amd64.deb")) {
                Files.copy(debs.iterator().next(), copy);
            }
        }
        CommandResult install = run("dpkg", "--install", "/root/sleepingd.deb");
        assertEquals(0, install.exitCode(), install.output());
        assertEquals("active", run("systemctl", "is-active", "sleepingd").output().strip(),
                run("journalctl", "--unit=sleepingd", "--output=cat").output());
    }

    /** Runs a command inside: all of the system's namespaces, a clean environment. */
    CommandResult run(String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of("nsenter", "--target", Long.toString(init), "--all",
                "env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8"));
        line.addAll(List.of(command));
        return CommandResult.of(new ProcessBuilder(line));
    }

    /** Runs a shell command line inside. */
    CommandResult shell(String commandLine) throws Exception {
        return run("bash", "-c", commandLine);
    }

    private void awaitRunning() throws Exception {
        long deadline = System.nanoTime() + BOOT_LIMIT.toNanos();
        while (init == 0) {
            // nspawn's first child is a fork of nspawn itself that starts the container's init and exits.
            init = nspawn.toHandle().children()
                    .filter(child -> child.info().command().orElse("").endsWith("/systemd"))
                    .mapToLong(ProcessHandle::pid).findFirst().orElse(0);
            checkDeadline(deadline, "systemd-nspawn started no systemd");
            Thread.sleep(50);
        }
        while (true) {
            String state = run("systemctl", "is-system-running").output().strip();
            if (state.equals("running") || state.equals("degraded")) {
                return;
            }
            checkDeadline(deadline, "the system did not finish booting (" + state + ")");
            Thread.sleep(100);
        }
    }

    private void checkDeadline(long deadline, String what) throws IOException {
        if (!nspawn.isAlive() || System.nanoTime() > deadline) {
            throw new AssertionError(what + " within " + BOOT_LIMIT + "; systemd-nspawn said:\n"
                    + Files.readString(base.resolve("nspawn.log")));
        }
    }

    /** Powers the system off (nspawn passes SIGTERM on as a shutdown), then removes every trace. */
    @Override
    public void close() throws Exception {
        nspawn.destroy();
        if (!nspawn.waitFor(30, TimeUnit.SECONDS)) {
            nspawn.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Path layers = base.resolve("layers");
        host("umount", root.toString());
        host("umount", layers.toString());
        Files.delete(layers);
        Files.deleteIfExists(base.resolve("nspawn.log"));
        Files.delete(base);
    }

    private static void host(String... command) throws Exception {
        CommandResult result = CommandResult.of(new ProcessBuilder(command));
        assertEquals(0, result.exitCode(), String.join(" ", command) + ":\n" + result.output());
    }
}
