package io.sleepingd.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The process's basics under the names every Prometheus client library uses ({@code process_*}), and
 * the JVM's heap ({@code jvm_memory_*}), from {@code /proc/self} and {@code java.lang.Runtime}, so
 * that the image needs no JDK management module for what a few reads here give. A value the system
 * does not give (not Linux) is left out, not made up.
 */
final class ProcessMetrics {
    private ProcessMetrics() {
    }

    static void write(MetricsText metrics) {
        ProcessHandle.Info info = ProcessHandle.current().info();
        info.totalCpuDuration().ifPresent(cpu -> {
            metrics.family("process_cpu_seconds_total", "counter", "User and system CPU time spent, in seconds.");
            metrics.sample("process_cpu_seconds_total", "", cpu.toNanos() / 1e9);
        });
        info.startInstant().ifPresent(start -> {
            metrics.family("process_start_time_seconds", "gauge", "When the process started, in seconds since the epoch.");
            metrics.sample("process_start_time_seconds", "", start.toEpochMilli() / 1000.0);
        });
        statusKibibytes("VmRSS:").ifPresent(rss -> {
            metrics.family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
            metrics.sample("process_resident_memory_bytes", "", rss * 1024);
        });
        openDescriptors().ifPresent(open -> {
            metrics.family("process_open_fds", "gauge", "Open file descriptors.");
            metrics.sample("process_open_fds", "", open);
        });
        maxDescriptors().ifPresent(max -> {
            metrics.family("process_max_fds", "gauge", "The limit on open file descriptors.");
            metrics.sample("process_max_fds", "", max);
        });
        Runtime runtime = Runtime.getRuntime();
        metrics.family("jvm_memory_used_bytes", "gauge", "Memory the JVM uses, by area.");
        metrics.sample("jvm_memory_used_bytes", "area=\"heap\"", runtime.totalMemory() - runtime.freeMemory());
        metrics.family("jvm_memory_committed_bytes", "gauge", "Memory the JVM has committed, by area.");
        metrics.sample("jvm_memory_committed_bytes", "area=\"heap\"", runtime.totalMemory());
        metrics.family("jvm_memory_max_bytes", "gauge", "The most memory the JVM may use, by area.");
        metrics.sample("jvm_memory_max_bytes", "area=\"heap\"", runtime.maxMemory());
    }

    /** A {@code kB} line of /proc/self/status, such as {@code VmRSS:  41234 kB}. */
    private static Optional<Long> statusKibibytes(String field) {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(line -> line.startsWith(field))
                    .map(line -> Long.parseLong(line.substring(field.length()).strip().split("\\s+")[0])).findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> openDescriptors() {
        try (Stream<Path> open = Files.list(Path.of("/proc/self/fd"))) {
            return Optional.of(open.count() - 1); // the listing's own descriptor
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The soft limit from /proc/self/limits: {@code Max open files  20000  20000  files}. */
    private static Optional<Long> maxDescriptors() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/limits"))) {
            return lines.filter(line -> line.startsWith("Max open files"))
                    .map(line -> line.substring("Max open files".length()).strip().split("\\s+")[0])
                    .filter(soft -> !soft.equals("unlimited")).map(Long::parseLong).findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
