package io.sleepingd.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.Endpoint;
import io.sleepingd.spi.InvalidValueException;
import io.sleepingd.spi.ServiceSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The libvirt keys: defaults, what is required, and a message naming the key for each mistake. */
class LibvirtSettingsTest {

    /** As the daemon opens a service: its keys parsed first, then the provider's own checks. */
    private static LibvirtSettings settings(Map<String, String> values) throws BackendException, InvalidValueException {
        return LibvirtSettings.of(ServiceSettings.parse("vm", 20080, Optional.empty(), values, LibvirtSettings.KEYS));
    }

    private static String problem(Map<String, String> values) {
        return assertThrows(Exception.class, () -> settings(values)).getMessage();
    }

    @Test
    void aDomainAndAPortGetTheDefaults() throws Exception {
        LibvirtSettings libvirt = settings(Map.of("LIBVIRT_DOMAIN", "web", "LIBVIRT_PORT", "80"));
        assertEquals("qemu:///system", libvirt.uri());
        assertEquals("web", libvirt.domain());
        assertEquals(Optional.of(80), libvirt.port());
        assertEquals(LibvirtSettings.AddressSource.LEASE, libvirt.addressSource());
        assertEquals(Duration.ofSeconds(60), libvirt.timeout());
        assertEquals(Duration.ofSeconds(60), libvirt.shutdownTimeout());
    }

    @Test
    void backendReplacesTheAddressLookup() throws Exception {
        LibvirtSettings libvirt = settings(Map.of("LIBVIRT_DOMAIN", "web", "BACKEND", "192.0.2.7:8080"));
        assertEquals(Optional.of(new Endpoint("192.0.2.7", 8080)), libvirt.backend());
    }

    @Test
    void checkConfigShowsEveryValueInUse() throws Exception {
        Map<String, String> inUse = settings(Map.of("LIBVIRT_DOMAIN", "web", "LIBVIRT_PORT", "80",
                "LIBVIRT_URI", "qemu+ssh://host/system", "LIBVIRT_SHUTDOWN_TIMEOUT", "0")).inUse();
        assertEquals("qemu+ssh://host/system", inUse.get("LIBVIRT_URI"));
        assertEquals("lease", inUse.get("LIBVIRT_ADDRESS_SOURCE"));
        assertEquals("60", inUse.get("LIBVIRT_TIMEOUT"));
        assertEquals("0", inUse.get("LIBVIRT_SHUTDOWN_TIMEOUT"));
    }

    @Test
    void aTimeoutOfZeroIsTheDefaultSinceEveryCommandIsBounded() throws Exception {
        assertEquals(Duration.ofSeconds(60),
                settings(Map.of("LIBVIRT_DOMAIN", "web", "LIBVIRT_PORT", "80", "LIBVIRT_TIMEOUT", "0")).timeout());
    }

    @Test
    void theDomainIsRequired() {
        assertTrue(problem(Map.of("LIBVIRT_PORT", "80")).startsWith("LIBVIRT_DOMAIN is required"));
    }

    @Test
    void aPortOrBackendIsRequired() {
        String problem = problem(Map.of("LIBVIRT_DOMAIN", "web"));
        assertTrue(problem.contains("LIBVIRT_PORT") && problem.contains("BACKEND"), problem);
    }

    @Test
    void backendAndAPortTogetherAreRefused() {
        String problem = problem(Map.of("LIBVIRT_DOMAIN", "web", "LIBVIRT_PORT", "80", "BACKEND", "10.0.0.1:80"));
        assertTrue(problem.startsWith("BACKEND and LIBVIRT_PORT are both set"), problem);
    }

    @Test
    void aMalformedShutdownTimeoutNamesTheKey() {
        assertEquals("LIBVIRT_SHUTDOWN_TIMEOUT '2m' is not a whole number of seconds",
                problem(Map.of("LIBVIRT_DOMAIN", "web", "LIBVIRT_PORT", "80", "LIBVIRT_SHUTDOWN_TIMEOUT", "2m")));
    }

    @Test
    void aUriWithBlanksOrAnOptionIsRefused() {
        assertTrue(problem(Map.of("LIBVIRT_DOMAIN", "web", "LIBVIRT_PORT", "80", "LIBVIRT_URI", "qemu:///system x"))
                .startsWith("LIBVIRT_URI 'qemu:///system x' is not a libvirt URI"));
        assertTrue(problem(Map.of("LIBVIRT_DOMAIN", "web", "LIBVIRT_PORT", "80", "LIBVIRT_URI", "--readonly"))
                .startsWith("LIBVIRT_URI '--readonly' is not a libvirt URI"));
    }

    @Test
    void anUnknownAddressSourceListsTheKnownOnes() {
        assertEquals("LIBVIRT_ADDRESS_SOURCE 'dhcp' is not one of lease, agent, arp",
                problem(Map.of("LIBVIRT_DOMAIN", "web", "LIBVIRT_PORT", "80", "LIBVIRT_ADDRESS_SOURCE", "dhcp")));
    }
}
