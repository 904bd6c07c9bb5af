package io.sleepingd.spi;

/**
 * {@code SLEEP_MODE}: how a provider that can do both puts its backend to sleep. A provider that
 * supports it declares {@link Key#SLEEP_MODE} in its {@code keys()}; for one that does not, the key
 * is unknown, so that {@code pause} is never silently a stop.
 */
public enum SleepMode {
    /** Stop the backend: it gives back its memory, and waking it is a start. */
    STOP,
    /** Freeze it (docker pause, SIGSTOP): it keeps its memory, and waking it takes milliseconds. */
    PAUSE
}
