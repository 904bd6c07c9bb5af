package io.sleepingd.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One parser per type of value, shared by the core and the providers, each saying what is wrong. */
class KeyTest {
    private enum Mode { ROUND_ROBIN, FIRST }

    private static String problem(Key<?> key, String value) {
        return assertThrows(InvalidValueException.class, () -> key.parse(value)).getMessage();
    }

    @Test
    void eachTypeParsesItsValue() throws Exception {
        assertEquals(Duration.ofSeconds(90), Key.seconds("T").parse("90"));
        assertEquals(123_456_789, Key.number("N").parse("123456789"));
        assertEquals(65535, Key.port("P").parse("65535"));
        assertEquals(true, Key.yesNo("Y").parse("TRUE"));
        assertEquals(false, Key.yesNo("Y").parse("no"));
        assertEquals(Path.of("/etc/ssh"), Key.absolutePath("A").parse("/etc/ssh"));
        assertEquals(List.of("a", "b", "c"), Key.list("L").parse(" a, b c,"));
        assertEquals(Mode.ROUND_ROBIN, Key.choice("M", Mode.class).parse("round-robin"));
        assertEquals(new Endpoint("192.0.2.7", 22), Key.hostPort("B").parse("192.0.2.7:22"));
        assertEquals(new Endpoint("2001:db8::1", 22), Key.hostPort("B").parse("[2001:db8::1]:22"));
        assertEquals(new Endpoint("db.example", 5432), Key.BACKEND.parse("db.example:5432"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1m         | T '1m' is not a whole number of seconds",
        "-1         | T '-1' is not a whole number of seconds",
        "1000000000 | T '1000000000' is too large (more than 9 digits)",
    })
    void secondsAreDigitsOnlyAndBounded(String value, String message) {
        assertEquals(message, problem(Key.seconds("T"), value));
    }

    @Test
    void eachTypeNamesTheKeyTheValueAndWhatIsWrong() {
        assertEquals("P '0' is not a port number (1-65535)", problem(Key.port("P"), "0"));
        assertEquals("P '123456' is not a port number (1-65535)", problem(Key.port("P"), "123456"));
        assertEquals("N 'x' is not a whole number", problem(Key.number("N"), "x"));
        assertEquals("Y 'maybe' is not yes, no, true or false", problem(Key.yesNo("Y"), "maybe"));
        assertEquals("A 'etc/ssh' is not an absolute path", problem(Key.absolutePath("A"), "etc/ssh"));
        assertEquals("M 'last' is not one of round-robin, first", problem(Key.choice("M", Mode.class), "last"));
        assertEquals("B '192.0.2.7' is not HOST:PORT", problem(Key.hostPort("B"), "192.0.2.7"));
        assertEquals("B '2001:db8::1:22' is not HOST:PORT (an IPv6 address goes in brackets: [2001:db8::1]:22)",
                problem(Key.hostPort("B"), "2001:db8::1:22"));
        assertEquals("B 'host:0' is not a port number (1-65535)", problem(Key.hostPort("B"), "host:0"));
    }

    @Test
    void keysMadeAlikeAreEqualSoAProviderMayRebuildOne() {
        assertEquals(Key.seconds("T"), Key.seconds("T"));
        assertEquals(Key.choice("M", Mode.class), Key.choice("M", Mode.class));
    }

    @Test
    void settingsHoldTheDeclaredKeysParsedAndBlankIsUnset() throws Exception {
        Key<Duration> timeout = Key.seconds("T");
        Key<Integer> count = Key.number("N");
        ServiceSettings settings = ServiceSettings.parse("web", 80, Optional.empty(),
                Map.of("T", "30", "N", " ", "START_CMD", "go"), Set.of(timeout, count));

        assertEquals(Optional.of(Duration.ofSeconds(30)), settings.get(timeout));
        assertEquals(Optional.empty(), settings.get(count));
        assertEquals(Optional.of("go"), settings.get(Key.START_CMD));
    }

    @Test
    void readingAKeyNobodyDeclaredIsABugNotAnEmptyValue() throws Exception {
        ServiceSettings settings = ServiceSettings.parse("web", 80, Optional.empty(), Map.of("T", "30"), Set.of());

        assertThrows(IllegalArgumentException.class, () -> settings.get(Key.seconds("T")));
    }

    @Test
    void readingAKeyAsAnotherTypeThanDeclaredIsABug() throws Exception {
        ServiceSettings settings = ServiceSettings.parse("web", 80, Optional.empty(), Map.of("T", "30"),
                Set.of(Key.text("T")));

        assertThrows(IllegalArgumentException.class, () -> settings.get(Key.seconds("T")));
    }

    @Test
    void theFirstBadValueNamesItsKey() {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> ServiceSettings.parse("web", 80,
                Optional.empty(), Map.of("WAKE_TIMEOUT", "soon"), Set.of()));

        assertEquals("WAKE_TIMEOUT", e.key());
        assertEquals("WAKE_TIMEOUT 'soon' is not a whole number of seconds", e.getMessage());
    }
}
