package io.sleepingd.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.ServiceSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The settings PROVIDER=systemd accepts; its behaviour is tested under a real systemd (SystemdProviderIT). */
class SystemdProviderTest {
    private final SystemdProvider provider = new SystemdProvider();

    @Test
    void unitsAreStartedInTheOrderWrittenAndANameWithoutATypeIsAService() {
        assertEquals(List.of("postgresql.service", "app@blue.service", "web.socket"),
                SystemdProvider.unitNames("postgresql app@blue.service, web.socket"));
    }

    @Test
    void aDotInANameThatIsNotATypeIsPartOfTheName() {
        assertEquals(List.of("my.app.service"), SystemdProvider.unitNames("my.app"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--user", "-H", "web;reboot", "web$(id)", "a/b.service"})
    void anythingButAUnitNameIsRefused(String value) {
        var e = assertThrows(IllegalArgumentException.class, () -> SystemdProvider.unitNames(value));
        assertTrue(e.getMessage().contains("not a unit name"), e.getMessage());
    }

    @Test
    void separatorsAloneNameNoUnit() {
        var e = assertThrows(IllegalArgumentException.class, () -> SystemdProvider.unitNames(" , "));
        assertEquals("names no unit", e.getMessage());
    }

    @Test
    void theDefaultsAreTheSystemManagerAndSystemdsOwnStartTimeout() throws Exception {
        var backend = provider.open(settings(Map.of("SYSTEMD_UNIT", "web", "BACKEND", "127.0.0.1:8080")));

        assertEquals(Map.of("SYSTEMD_UNIT", "web.service", "SYSTEMD_USER", "no", "SYSTEMCTL_TIMEOUT", "90",
                "BACKEND", "127.0.0.1:8080"), backend.settingsInUse());
    }

    @Test
    void withoutAUnitThereIsNothingToStart() {
        var e = assertThrows(BackendException.class, () -> provider.open(settings(Map.of("BACKEND", "127.0.0.1:80"))));
        assertTrue(e.getMessage().startsWith("SYSTEMD_UNIT is required"), e.getMessage());
    }

    @Test
    void withoutBackendThereIsNowhereToConnect() {
        var e = assertThrows(BackendException.class, () -> provider.open(settings(Map.of("SYSTEMD_UNIT", "web"))));
        assertTrue(e.getMessage().startsWith("BACKEND is required"), e.getMessage());
    }

    private ServiceSettings settings(Map<String, String> values) throws Exception {
        return ServiceSettings.parse("web", 80, Optional.empty(), values, provider.keys());
    }
}
