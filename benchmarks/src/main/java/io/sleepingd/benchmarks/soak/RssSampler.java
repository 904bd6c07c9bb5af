package io.sleepingd.benchmarks.soak;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads the daemon's /proc/PID/status every second (VmRSS, VmHWM, threads), counts its open
 * descriptors, and reads the memory that all TCP sockets of the machine hold in the kernel
 * (/proc/net/sockstat, in pages; the kernel resets connections when it passes the last number of
 * net.ipv4.tcp_mem). Writes one line per sample, keeps the maxima, and ends the load early when the
 * daemon is gone.
 */
final class RssSampler implements Runnable {
    private final long pid;
    private final Path samples;
    private final SoakClock clock;
    volatile long firstKib = -1;
    volatile long lastKib = -1;
    volatile long maxKib = -1;
    volatile double maxAtSeconds = -1;
    volatile long hwmKib = -1;
    volatile long maxDescriptors = -1;
    volatile long lastDescriptors = -1;
    volatile double diedAtSeconds = -1;
    volatile long maxTcpPages = -1;
    volatile long lastTcpPages = -1;

    RssSampler(long pid, Path samples, SoakClock clock) {
        this.pid = pid;
        this.samples = samples;
        this.clock = clock;
    }

    @Override
    public void run() {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(samples))) {
            out.println("seconds\tvmrss_kib\tvmhwm_kib\tthreads\tdescriptors\ttcp_mem_pages");
            while (clock.loadRunning()) {
                if (!sample(out)) {
                    diedAtSeconds = clock.secondsSinceStart();
                    clock.endLoadNow();
                    return;
                }
                clock.sleepDuringLoad(1000);
            }
            sample(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + samples, e);
        }
    }

    private boolean sample(PrintWriter out) {
        Path proc = Path.of("/proc", Long.toString(pid));
        long rss = -1;
        long hwm = -1;
        long threads = -1;
        try {
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith("State:") && line.contains("Z")) {
                    return false; // exited, not yet reaped
                }
                rss = line.startsWith("VmRSS:") ? kib(line) : rss;
                hwm = line.startsWith("VmHWM:") ? kib(line) : hwm;
                threads = line.startsWith("Threads:") ? kib(line) : threads;
            }
        } catch (IOException e) {
            return false;
        }
        long descriptors;
        try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
            descriptors = fds.count();
        } catch (IOException e) {
            descriptors = -1;
        }
        long tcpPages = tcpPages();
        maxTcpPages = Math.max(maxTcpPages, tcpPages);
        lastTcpPages = tcpPages;
        double at = clock.secondsSinceStart();
        if (firstKib < 0) {
            firstKib = rss;
        }
        lastKib = rss;
        hwmKib = hwm;
        lastDescriptors = descriptors;
        maxDescriptors = Math.max(maxDescriptors, descriptors);
        if (rss > maxKib) {
            maxKib = rss;
            maxAtSeconds = at;
        }
        out.printf(Locale.ROOT, "%.1f\t%d\t%d\t%d\t%d\t%d%n", at, rss, hwm, threads, descriptors, tcpPages);
        out.flush();
        return true;
    }

    /** The "mem" of the "TCP:" line of /proc/net/sockstat: pages held by every TCP socket; -1 if unknown. */
    private static long tcpPages() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/net/sockstat"))) {
                String[] fields = line.trim().split("\\s+");
                if (fields[0].equals("TCP:")) {
                    for (int i = 1; i + 1 < fields.length; i++) {
                        if (fields[i].equals("mem")) {
                            return Long.parseLong(fields[i + 1]);
                        }
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            // unknown
        }
        return -1;
    }

    /** The number in a "Key:   123 kB" line. */
    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
}
