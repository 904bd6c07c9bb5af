package io.sleepingd.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where the guest is found when BACKEND does not say: virsh domifaddr's table. */
class InterfaceAddressesTest {
    /** Exactly what virsh 9.0 prints for the test driver's domain 'test' (test:///default). */
    private static final String TEST_DRIVER = """
             Name       MAC address          Protocol     Address
            -------------------------------------------------------------------------------
             testnet0   aa:bb:cc:dd:ee:ff    ipv4         192.168.122.3/24

            """;

    @Test
    void theTestDriversDomainHasItsAddressWithoutThePrefixLength() {
        assertEquals(Optional.of("192.168.122.3"), InterfaceAddresses.firstIpv4(TEST_DRIVER));
    }

    @Test
    void theFirstIpv4AddressWinsAndIpv6IsSkipped() {
        String table = """
                 Name       MAC address          Protocol     Address
                -------------------------------------------------------------------------------
                 vnet0      52:54:00:4b:07:aa    ipv6         fe80::5054:ff:fe4b:7aa/64
                 -          -                    ipv4         192.168.122.47/24
                 vnet1      52:54:00:4b:07:ab    ipv4         10.0.0.5/8
                """;
        assertEquals(Optional.of("192.168.122.47"), InterfaceAddresses.firstIpv4(table));
    }

    @Test
    void theGuestsLoopbackFromTheAgentIsNotAnAddressOfTheGuest() {
        String agent = """
                 Name       MAC address          Protocol     Address
                -------------------------------------------------------------------------------
                 lo         00:00:00:00:00:00    ipv4         127.0.0.1/8
                 -          -                    ipv6         ::1/128
                 eth0       52:54:00:4b:07:aa    ipv4         192.168.122.47/24
                """;
        assertEquals(Optional.of("192.168.122.47"), InterfaceAddresses.firstIpv4(agent));
    }

    @Test
    void aGuestWithoutALeaseYetHasNoAddress() {
        String empty = """
                 Name       MAC address          Protocol     Address
                -------------------------------------------------------------------------------

                """;
        assertEquals(Optional.empty(), InterfaceAddresses.firstIpv4(empty));
    }

    @Test
    void theTableWithoutItsHeaderAsVirshQuietPrintsItIsReadAlike() {
        assertEquals(Optional.of("192.168.122.3"),
                InterfaceAddresses.firstIpv4(" testnet0   aa:bb:cc:dd:ee:ff    ipv4         192.168.122.3/24\n"));
    }
}
