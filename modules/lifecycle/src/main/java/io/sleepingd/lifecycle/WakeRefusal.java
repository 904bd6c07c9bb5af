package io.sleepingd.lifecycle;

import java.util.Locale;

/** Why a connection may not wake its backend, as metrics label it; the log says it in words. */
public enum WakeRefusal {
    /** Its source is not in {@code WAKE_FROM}, or is in {@code NO_WAKE_FROM}. */
    SOURCE,
    /** Its source has begun {@code WAKE_RATE}'s number of wakes within its period. */
    RATE;

    /** {@code source}, {@code rate}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
