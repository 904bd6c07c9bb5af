package io.sleepingd.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A key the core does not know. It may belong to a provider (the providers are only known once the
 * plugins directory has been read), so it is kept, and the daemon judges it once it knows which keys
 * the installed providers claim: an error, or with {@code UNKNOWN_KEYS=warn} a warning.
 */
public record UnknownKey(Origin origin, String key) {
    /** Further than this many edits, a known key is no longer a likely meaning of a typo. */
    private static final int MAX_EDITS = 2;

    /**
     * The message for a key nobody claims, with the known key it most likely meant, if one is close.
     *
     * @param claimed the keys the installed providers and probes read, beside the core's
     */
    public String problem(Collection<String> claimed) {
        record Candidate(String known, int edits) {
        }
        String typed = key.toUpperCase(Locale.ROOT);
        Optional<String> meant = Stream.concat(Keys.ALL.stream(), claimed.stream()).distinct()
                .map(known -> new Candidate(known, distance(known.toUpperCase(Locale.ROOT), typed)))
                .filter(candidate -> candidate.edits() <= MAX_EDITS)
                .min(Comparator.comparingInt(Candidate::edits).thenComparing(Candidate::known))
                .map(Candidate::known);
        return origin + ": unknown key " + key + meant.map(known -> " (did you mean " + known + "?)").orElse("");
    }

    /** Levenshtein: the insertions, deletions and substitutions that turn one into the other. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
