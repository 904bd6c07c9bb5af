package io.sleepingd.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code WAKE_RATE}: at most {@code wakes} wakes begun by one source address per {@code period},
 * written {@code 3/10m} ({@code s}, {@code m}, {@code h}, or seconds without a unit).
 */
public record WakeRate(int wakes, Duration period) {
    private static final Pattern SYNTAX = Pattern.compile("(\\d{1,6})/(\\d{1,6})([smh]?)");

    static WakeRate parse(String value) throws ValueException {
        Matcher match = SYNTAX.matcher(value.strip());
        if (!match.matches() || Integer.parseInt(match.group(1)) == 0 || Integer.parseInt(match.group(2)) == 0) {
            throw new ValueException("WAKE_RATE '" + value + "' is not WAKES/PERIOD with both above 0 (for example 3/10m:"
                    + " at most 3 wakes per source address in 10 minutes)");
        }
        long amount = Long.parseLong(match.group(2));
        Duration period = switch (match.group(3)) {
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
        return new WakeRate(Integer.parseInt(match.group(1)), period);
    }
}
