package io.sleepingd.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * libvirt's built-in test hypervisor ({@code test:///default}) behind a private, real {@code libvirtd},
 * for the libvirt provider's tests. The test driver keeps its domains in the process that opened it and
 * forgets them when its last connection closes, so each {@code virsh} run alone would see the domain
 * {@code test} running again; behind libvirtd, with one connection held open for the whole test (a
 * {@code virsh event --loop}), a domain started by one virsh is seen by the next, as with a real
 * hypervisor.
 *
 * <p>libvirtd runs with its own configuration, sockets and pid file in a fresh 0700 directory, and with
 * an empty driver directory ({@code LIBVIRT_DRIVER_DIR}), so that it loads no hypervisor, network or
 * storage driver (none of which could work here) and touches no system state beyond the host's
 * {@code /run/libvirt/common/system.token}, which any root libvirt daemon creates.
 */
final class LibvirtTestDriver implements AutoCloseable {
    private static final Duration READY = Duration.ofSeconds(30);

    private final Path dir;
    private final Process libvirtd;
    private final List<Process> holders = new ArrayList<>();
    /** What LIBVIRT_URI says to reach this test driver. */
    final String uri;
    private final String adminUri;

    private LibvirtTestDriver(Path dir, Process libvirtd, Path sockets) {
        this.dir = dir;
        this.libvirtd = libvirtd;
        this.uri = "test+unix:///default?socket=" + sockets.resolve("libvirt-sock");
        this.adminUri = "libvirtd:///system?socket=" + sockets.resolve("libvirt-admin-sock");
    }

    static LibvirtTestDriver start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("sleepingd-libvirt", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path sockets = Files.createDirectory(dir.resolve("sock"));
        Path noDrivers = Files.createDirectory(dir.resolve("drivers"));
        Path config = Files.writeString(dir.resolve("libvirtd.conf"), """
                unix_sock_dir = "%s"
                unix_sock_rw_perms = "0700"
                unix_sock_ro_perms = "0700"
                auth_unix_rw = "none"
                auth_unix_ro = "none"
                """.formatted(sockets));
        ProcessBuilder builder = new ProcessBuilder("/usr/sbin/libvirtd", "--config", config.toString(),
                "--pid-file", dir.resolve("libvirtd.pid").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("libvirtd.log").toFile());
        builder.environment().put("LIBVIRT_DRIVER_DIR", noDrivers.toString());
        LibvirtTestDriver driver = new LibvirtTestDriver(dir, builder.start(), sockets);
        try {
            driver.awaitReady();
            driver.holdOpen();
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            driver.close();
            throw e;
        }
        return driver;
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY.toNanos();
        while (virsh("uri").exitStatus() != 0) {
            if (!libvirtd.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("libvirtd did not answer on " + uri + " within " + READY + "; its log:\n"
                        + Files.readString(dir.resolve("libvirtd.log")));
            }
            Thread.sleep(100);
        }
    }

    /** Opens the connection that keeps the test driver's state, and waits until libvirtd has it. */
    private void holdOpen() throws IOException, InterruptedException {
        holders.add(new ProcessBuilder("virsh", "--connect", uri, "event", "--all", "--loop")
                .redirectErrorStream(true).redirectOutput(dir.resolve("events.log").toFile()).start());
        long deadline = System.nanoTime() + READY.toNanos();
        while (run(List.of("virt-admin", "--connect", adminUri, "srv-clients-list", "libvirtd")).out().lines()
                .noneMatch(line -> line.contains("unix"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the connection holding the test driver's state did not connect; "
                        + Files.readString(dir.resolve("events.log")));
            }
            Thread.sleep(100);
        }
    }

    /** Runs {@code virsh --connect URI ARGS} to its end. */
    DaemonHarness.Cli virsh(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("virsh", "--connect", uri));
        command.addAll(List.of(arguments));
        return run(command);
    }

    /** Runs {@code virsh ARGS} and insists that it succeeds. */
    void require(String... arguments) throws IOException, InterruptedException {
        DaemonHarness.Cli result = virsh(arguments);
        if (result.exitStatus() != 0) {
            throw new AssertionError("virsh " + String.join(" ", arguments) + " failed: " + result.err());
        }
    }

    /** {@code virsh domstate --reason DOMAIN}: "running (booted)", "shut off (destroyed)". */
    String state(String domain) {
        try {
            DaemonHarness.Cli result = virsh("domstate", "--reason", "--domain", domain);
            return result.exitStatus() == 0 ? result.out().strip() : "error: " + result.err().strip();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private DaemonHarness.Cli run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("LC_ALL", "C");
        Process process = builder.start();
        // virsh's answers are a few lines: reading them to the end before waiting cannot block it.
        String out = new String(process.getInputStream().readAllBytes());
        String err = new String(process.getErrorStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within 30 s");
        }
        return new DaemonHarness.Cli(process.exitValue(), out, err);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (Process process : holders) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        libvirtd.destroy(); // SIGTERM: libvirtd removes its sockets and pid file
        if (!libvirtd.waitFor(30, TimeUnit.SECONDS)) {
            libvirtd.destroyForcibly();
            libvirtd.waitFor(10, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
