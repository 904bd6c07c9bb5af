package io.sleepingd.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** virsh domstate's answers, as virsh 9.0 prints them in the C locale (with its trailing blank line). */
class DomainStateTest {

    @Test
    void aRunningDomainIsServing() {
        assertEquals(DomainState.RUNNING, DomainState.parse("running\n\n"));
        assertTrue(DomainState.RUNNING.serving());
    }

    @Test
    void idleIsLibvirtsBlockedStateAndStillServing() {
        assertEquals(DomainState.IDLE, DomainState.parse("idle\n\n"));
        assertTrue(DomainState.IDLE.serving());
    }

    @Test
    void aShutOffDomainIsNotServing() {
        assertEquals(DomainState.SHUT_OFF, DomainState.parse("shut off\n\n"));
        assertFalse(DomainState.SHUT_OFF.serving());
    }

    @Test
    void theReasonThatDomstateReasonAddsIsIgnored() {
        assertEquals(DomainState.SHUT_OFF, DomainState.parse("shut off (destroyed)\n\n"));
    }

    @Test
    void aPausedOrSuspendedDomainIsNotServing() {
        assertFalse(DomainState.parse("paused\n").serving());
        assertFalse(DomainState.parse("pmsuspended\n").serving());
        assertFalse(DomainState.parse("in shutdown\n").serving());
    }

    @Test
    void anUnknownStateIsAnErrorQuotingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DomainState.parse("läuft\n"));
        assertTrue(e.getMessage().contains("'läuft'"), e.getMessage());
    }
}
