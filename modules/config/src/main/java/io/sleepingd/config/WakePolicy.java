package io.sleepingd.config;

import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;

/**
 * Who may wake a service's backend and whose connections keep it awake: {@code WAKE_FROM} (default
 * everyone), {@code NO_WAKE_FROM} (checked first; default nobody), {@code KEEP_AWAKE_FROM} (default
 * everyone) and {@code WAKE_RATE} (default unlimited). Connections from anywhere are relayed while
 * the backend is awake; the policy decides only who wakes it, and who counts as using it.
 */
public record WakePolicy(AddressRanges wakeFrom, AddressRanges noWakeFrom, AddressRanges keepAwakeFrom,
        Optional<WakeRate> wakeRate) {

    /** Everyone may wake the backend, every connection keeps it awake, no rate: the original's behaviour. */
    public static final WakePolicy OPEN = new WakePolicy(AddressRanges.everyone(), AddressRanges.nobody(),
            AddressRanges.everyone(), Optional.empty());

    public boolean mayWake(InetAddress source) {
        return !noWakeFrom.contains(source) && wakeFrom.contains(source);
    }

    public boolean keepsAwake(InetAddress source) {
        return keepAwakeFrom.contains(source);
    }

    /** From a service's validated values (see {@link ServiceConfig#wakePolicy}). */
    static WakePolicy of(Map<String, String> values) throws ValueException {
        String rate = values.getOrDefault(Keys.WAKE_RATE, "");
        return new WakePolicy(
                AddressRanges.parse(Keys.WAKE_FROM, values.getOrDefault(Keys.WAKE_FROM, ""), AddressRanges.everyone()),
                AddressRanges.parse(Keys.NO_WAKE_FROM, values.getOrDefault(Keys.NO_WAKE_FROM, ""), AddressRanges.nobody()),
                AddressRanges.parse(Keys.KEEP_AWAKE_FROM, values.getOrDefault(Keys.KEEP_AWAKE_FROM, ""),
                        AddressRanges.everyone()),
                rate.isBlank() ? Optional.empty() : Optional.of(WakeRate.parse(rate)));
    }
}
