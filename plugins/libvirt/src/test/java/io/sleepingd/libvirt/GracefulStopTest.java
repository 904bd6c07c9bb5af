package io.sleepingd.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sleepingd.spi.BackendException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The stop's decision: shutdown, a bounded wait, then destroy. libvirt's test driver shuts a domain
 * down at once, so a guest that ignores the shutdown (as a real one without ACPI does) is played here
 * by a domain in memory; LibvirtIT runs the same stop against the real virsh.
 */
class GracefulStopTest {
    private static final Duration POLL = Duration.ofMillis(10);

    /** A domain whose guest goes down after {@code pollsToShutDown} looks, or never (-1). */
    private static final class Guest implements GracefulStop.Domain {
        final List<String> calls = new ArrayList<>();
        DomainState state;
        int pollsToShutDown;
        boolean shuttingDown;
        Optional<String> destroyError = Optional.empty();

        Guest(DomainState state, int pollsToShutDown) {
            this.state = state;
            this.pollsToShutDown = pollsToShutDown;
        }

        @Override
        public DomainState state() {
            if (shuttingDown && pollsToShutDown >= 0 && pollsToShutDown-- == 0) {
                state = DomainState.SHUT_OFF;
            }
            return state;
        }

        @Override
        public Optional<String> shutdown() {
            calls.add("shutdown");
            if (!state.serving()) {
                return Optional.of("domain is not running");
            }
            shuttingDown = true;
            return Optional.empty();
        }

        @Override
        public Optional<String> destroy() {
            calls.add("destroy");
            if (destroyError.isPresent()) {
                return destroyError;
            }
            state = DomainState.SHUT_OFF;
            return Optional.empty();
        }
    }

    @Test
    void aDomainThatIsOffIsLeftAlone() throws Exception {
        Guest guest = new Guest(DomainState.SHUT_OFF, 0);
        assertEquals(GracefulStop.Outcome.ALREADY_OFF, new GracefulStop(Duration.ofSeconds(5), POLL).stop(guest));
        assertEquals(List.of(), guest.calls);
    }

    @Test
    void aGuestThatShutsDownInTimeIsNotDestroyed() throws Exception {
        Guest guest = new Guest(DomainState.RUNNING, 3);
        assertEquals(GracefulStop.Outcome.SHUT_DOWN, new GracefulStop(Duration.ofSeconds(5), POLL).stop(guest));
        assertEquals(List.of("shutdown"), guest.calls);
    }

    @Test
    void aGuestThatIgnoresTheShutdownIsDestroyedOnceTheTimeoutHasPassed() throws Exception {
        Guest guest = new Guest(DomainState.RUNNING, -1);
        long started = System.nanoTime();
        assertEquals(GracefulStop.Outcome.DESTROYED, new GracefulStop(Duration.ofMillis(300), POLL).stop(guest));
        assertTrue(System.nanoTime() - started >= Duration.ofMillis(300).toNanos(), "waited the whole timeout");
        assertEquals(List.of("shutdown", "destroy"), guest.calls);
        assertEquals(DomainState.SHUT_OFF, guest.state);
    }

    @Test
    void aTimeoutOfZeroDestroysAtOnce() throws Exception {
        Guest guest = new Guest(DomainState.RUNNING, 0);
        assertEquals(GracefulStop.Outcome.DESTROYED, new GracefulStop(Duration.ZERO, POLL).stop(guest));
        assertEquals(List.of("destroy"), guest.calls);
    }

    @Test
    void aPausedGuestCannotShutDownAndIsDestroyedWithoutWaiting() throws Exception {
        Guest guest = new Guest(DomainState.PAUSED, -1);
        long started = System.nanoTime();
        assertEquals(GracefulStop.Outcome.DESTROYED, new GracefulStop(Duration.ofSeconds(30), POLL).stop(guest));
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(5).toNanos(), "did not wait");
        assertEquals(List.of("destroy"), guest.calls);
    }

    @Test
    void aGuestAlreadyShuttingDownIsWaitedForNotAskedAgain() throws Exception {
        Guest guest = new Guest(DomainState.IN_SHUTDOWN, 2);
        guest.shuttingDown = true;
        assertEquals(GracefulStop.Outcome.SHUT_DOWN, new GracefulStop(Duration.ofSeconds(5), POLL).stop(guest));
        assertEquals(List.of(), guest.calls);
    }

    @Test
    void aDestroyThatFailsWhileTheDomainStillRunsIsAnErrorWithVirshsMessage() {
        Guest guest = new Guest(DomainState.PAUSED, -1);
        guest.destroyError = Optional.of("'virsh destroy web' failed (exit status 1): error: permission denied");
        BackendException e = assertThrows(BackendException.class,
                () -> new GracefulStop(Duration.ofSeconds(5), POLL).stop(guest));
        assertEquals("'virsh destroy web' failed (exit status 1): error: permission denied", e.getMessage());
    }
}
