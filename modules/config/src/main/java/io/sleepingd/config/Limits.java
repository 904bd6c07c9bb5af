package io.sleepingd.config;

/**
 * The bounds on configuration input (docs/configuration.md, "Limits"). Without them a huge or
 * endless file, or a generated one with tens of thousands of sections, ends in an
 * {@link OutOfMemoryError} or a hang instead of a message; each is far above what a real
 * configuration needs.
 */
final class Limits {
    /** Bytes in one file, and in all files of a configuration together. */
    static final int CONFIGURATION_BYTES = 1024 * 1024;
    static final String CONFIGURATION_BYTES_TEXT = "1 MiB";

    /**
     * Services in a configuration. Each one costs about 1 KiB of heap while the configuration is
     * checked (its settings, with defaults, in a map of its own), and the daemon runs in 64 MiB.
     */
    static final int SERVICES = 1000;

    /**
     * Different keys in one section. The general section's keys are copied into every service, so
     * without this bound a general section of many keys times many services fills the heap.
     */
    static final int KEYS_PER_SECTION = 100;

    /** Errors, and warnings, listed one by one; the rest are counted. */
    static final int LISTED_PROBLEMS = 100;

    private Limits() {
    }
}
