package io.sleepingd.config;

import static io.sleepingd.config.ConfigFiles.load;
import static io.sleepingd.config.ConfigFiles.problems;
import static io.sleepingd.config.ConfigFiles.service;
import static io.sleepingd.config.ConfigFiles.write;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** WAKE_FROM, NO_WAKE_FROM, KEEP_AWAKE_FROM and WAKE_RATE: their syntax, their defaults, who they match. */
class WakePolicyTest {
    @TempDir
    Path dir;

    private WakePolicy policy(String lines) throws Exception {
        return service(load(write(dir, "sleepingd.conf", lines + "[web]\nPORT=8080\n")), "web").wakePolicy();
    }

    private static InetAddress ip(String literal) {
        return InetAddress.ofLiteral(literal);
    }

    @Test
    void byDefaultEveryoneMayWakeAndKeepAwakeWithoutALimit() throws Exception {
        WakePolicy policy = policy("");

        assertAll(
                () -> assertTrue(policy.mayWake(ip("192.0.2.7")) && policy.mayWake(ip("2001:db8::1"))),
                () -> assertTrue(policy.keepsAwake(ip("192.0.2.7"))),
                () -> assertEquals(Optional.empty(), policy.wakeRate()));
    }

    @Test
    void rangesOfBothFamiliesMatchTheirOwnAddressesOnly() throws Exception {
        WakePolicy policy = policy("WAKE_FROM=\"192.168.1.0/24, fd00::/8\"\n");

        assertAll(
                () -> assertTrue(policy.mayWake(ip("192.168.1.200"))),
                () -> assertFalse(policy.mayWake(ip("192.168.2.1"))),
                () -> assertTrue(policy.mayWake(ip("fd12::7"))),
                () -> assertFalse(policy.mayWake(ip("::1"))));
    }

    @Test
    void noWakeFromWinsOverWakeFrom() throws Exception {
        WakePolicy policy = policy("WAKE_FROM=10.0.0.0/8\nNO_WAKE_FROM=10.0.0.5\n");

        assertFalse(policy.mayWake(ip("10.0.0.5")));
        assertTrue(policy.mayWake(ip("10.0.0.6")));
    }

    @Test
    void aListOfLeftOutRangesOnlyIsEveryoneButThem() throws Exception {
        WakePolicy policy = policy("KEEP_AWAKE_FROM=\"!192.0.2.9 !2001:db8::/32\"\n");

        assertAll(
                () -> assertFalse(policy.keepsAwake(ip("192.0.2.9"))),
                () -> assertFalse(policy.keepsAwake(ip("2001:db8::5"))),
                () -> assertTrue(policy.keepsAwake(ip("192.0.2.10"))));
    }

    @Test
    void theGeneralSectionsPolicyIsInherited() throws Exception {
        assertFalse(policy("NO_WAKE_FROM=192.0.2.9\n").mayWake(ip("192.0.2.9")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"3/10m|3|600", "1/30|1|30", "10/2h|10|7200"})
    void wakeRateIsWakesPerPeriod(String value, int wakes, long seconds) throws Exception {
        assertEquals(Optional.of(new WakeRate(wakes, Duration.ofSeconds(seconds))),
                policy("WAKE_RATE=" + value + "\n").wakeRate());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "WAKE_FROM=10.0.0.0/33|WAKE_FROM '10.0.0.0/33': '10.0.0.0/33' has a prefix length that is not 0-32",
            "NO_WAKE_FROM=monitor.example|NO_WAKE_FROM 'monitor.example': 'monitor.example' is not an IP address (names are not looked up)",
            "KEEP_AWAKE_FROM=,|KEEP_AWAKE_FROM ',' names no address",
            "WAKE_RATE=3|WAKE_RATE '3' is not WAKES/PERIOD with both above 0 (for example 3/10m: at most 3 wakes per source address in 10 minutes)",
            "WAKE_RATE=0/10m|WAKE_RATE '0/10m' is not WAKES/PERIOD with both above 0 (for example 3/10m: at most 3 wakes per source address in 10 minutes)"})
    void aWrongValueIsAnErrorAtItsLine(String line, String message) {
        Path file = write(dir, "sleepingd.conf", "[web]\nPORT=8080\n" + line + "\n");

        assertEquals(List.of(file + ":3: " + message), problems(file));
    }
}
