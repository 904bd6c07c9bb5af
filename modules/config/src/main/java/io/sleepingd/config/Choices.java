package io.sleepingd.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Keys whose value is one of an enum's constants, written in lower case: PROTOCOL, ON_START_IF_RUNNING. */
final class Choices {
    private Choices() {
    }

    /** The constant {@code value} names, or an error naming {@code key} and every choice. */
    static <E extends Enum<E>> E parse(String key, E[] choices, String value) throws ValueException {
        for (E choice : choices) {
            if (written(choice).equals(value.strip())) {
                return choice;
            }
        }
        throw new ValueException(key + " '" + value + "' is not one of " + Arrays.stream(choices)
                .map(Choices::written).collect(Collectors.joining(", ")));
    }

    /** As the configuration writes it: {@code postgresql}. */
    static String written(Enum<?> choice) {
        return choice.name().toLowerCase(Locale.ROOT);
    }
}
