package io.sleepingd.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sleepingd.spi.BackendException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The provider's virsh calls and readers against the real virsh and libvirt's test driver in its
 * simplest form, {@code test:///default} in virsh's own process: each run sees the driver's fresh
 * state (domain {@code test} running), which is all that reading needs. Starting and stopping, which
 * need the state kept between runs, are LibvirtIT's.
 */
@Timeout(60)
class VirshAgainstTestDriverTest {
    private static Virsh virsh(String domain) {
        return new Virsh("vm", "test:///default", domain, Duration.ofSeconds(30), Optional.empty());
    }

    @Test
    void theTestDriversDomainIsRunning() throws Exception {
        assertEquals(DomainState.RUNNING, virsh("test").state());
    }

    @Test
    void theTestDriversDomainReportsItsAddressThroughDomifaddr() throws Exception {
        String table = virsh("test").require("domifaddr", "--source", "lease");
        assertEquals(Optional.of("192.168.122.3"), InterfaceAddresses.firstIpv4(table));
    }

    @Test
    void anUnknownDomainIsAFailureWithTheCommandItsStatusAndVirshsMessage() {
        BackendException e = assertThrows(BackendException.class, () -> virsh("no-such-domain").state());
        assertEquals("'virsh domstate no-such-domain' failed (exit status 1): error: failed to get domain"
                + " 'no-such-domain'", e.getMessage());
    }

    @Test
    void anUnreachableHypervisorIsAFailureSayingSo() {
        Virsh unreachable = new Virsh("vm", "test+unix:///default?socket=/nonexistent/libvirt-sock", "test",
                Duration.ofSeconds(30), Optional.empty());
        BackendException e = assertThrows(BackendException.class, unreachable::state);
        assertEquals("'virsh domstate test' failed (exit status 1): error: failed to connect to the hypervisor"
                + " / error: Failed to connect socket to '/nonexistent/libvirt-sock': No such file or directory",
                e.getMessage());
    }
}
