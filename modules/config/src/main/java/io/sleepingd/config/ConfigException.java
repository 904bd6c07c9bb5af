package io.sleepingd.config;

import java.util.List;
import java.util.Optional;

/** The configuration cannot be used; each problem reads {@code FILE:LINE: what is wrong}. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;
    private final long count;
    /** Not serialized: only the process that loaded it can judge the rest. */
    private final transient Configuration remainder;

    public ConfigException(List<String> problems) {
        this(problems, problems.size());
    }

    /**
     * {@code listed}, and {@code count} problems in all: past a limit they are only counted. For a
     * caller that merges the problems of several checks, each of them limited.
     */
    public ConfigException(List<String> listed, long count) {
        this(listed, count, null);
    }

    ConfigException(List<String> listed, long count, Configuration remainder) {
        super(String.join(System.lineSeparator(), listed));
        this.problems = List.copyOf(listed);
        this.count = count;
        this.remainder = remainder;
    }

    /**
     * What could be read despite the problems: every service whose own values are valid. Only for
     * finding the problems of later checks (unknown keys, providers) in the same run; never to run.
     */
    public Optional<Configuration> remainder() {
        return Optional.ofNullable(remainder);
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    /** The problems listed, followed by a line saying how many more there are when there are too many. */
    public List<String> problems() {
        return problems;
    }

    /** How many problems there are, listed or not. */
    public long count() {
        return count;
    }

    /** "1 problem", "3 problems". */
    public String counted() {
        return count + (count == 1 ? " problem" : " problems");
    }
}
