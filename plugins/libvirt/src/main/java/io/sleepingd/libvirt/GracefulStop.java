package io.sleepingd.libvirt;

import io.sleepingd.spi.BackendException;
import java.time.Duration;
import java.util.Optional;

/**
 * How a domain is put to sleep, apart from virsh so that the decision can be tested on its own: a
 * guest asked to shut down (ACPI) may ignore it, and the stop must still end with the domain off. A
 * running guest is asked to shut down and given {@code timeout} to do so; one that is already
 * shutting down is given the same time; then, or at once for a guest that cannot shut down by itself
 * (paused, suspended, crashed) or when {@code timeout} is 0, it is destroyed (powered off).
 *
 * @param timeout how long a shutdown may take before the domain is destroyed ({@code LIBVIRT_SHUTDOWN_TIMEOUT})
 * @param poll    how often the domain's state is read while it shuts down
 */
record GracefulStop(Duration timeout, Duration poll) {

    /** What a stop does to a domain; {@link LibvirtBackend} does it with virsh. */
    interface Domain {
        DomainState state() throws BackendException;

        /** Asks the guest to shut down; the error when the hypervisor refused to ask. */
        Optional<String> shutdown() throws BackendException;

        /** Powers the domain off; the error when it could not. */
        Optional<String> destroy() throws BackendException;
    }

    /** How the domain went down. */
    enum Outcome {
        /** It was off already: nothing was done. */
        ALREADY_OFF,
        /** It shut down within the timeout. */
        SHUT_DOWN,
        /** It was destroyed. */
        DESTROYED
    }

    /**
     * Takes the domain down.
     *
     * @throws BackendException when it could not be destroyed and is still not off, with virsh's error
     */
    Outcome stop(Domain domain) throws BackendException {
        DomainState state = domain.state();
        if (state == DomainState.SHUT_OFF) {
            return Outcome.ALREADY_OFF;
        }
        if (!timeout.isZero() && (state.serving() || state == DomainState.IN_SHUTDOWN)) {
            Optional<String> refused = state == DomainState.IN_SHUTDOWN ? Optional.empty() : domain.shutdown();
            if (refused.isEmpty() && offWithin(domain)) {
                return Outcome.SHUT_DOWN;
            }
        }
        Optional<String> failed = domain.destroy();
        // It may have gone down by itself between the last look and the destroy, which then fails.
        if (failed.isPresent() && domain.state() != DomainState.SHUT_OFF) {
            throw new BackendException(failed.get());
        }
        return Outcome.DESTROYED;
    }

    private boolean offWithin(Domain domain) throws BackendException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (domain.state() == DomainState.SHUT_OFF) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                Thread.sleep(Duration.ofNanos(Math.min(left, poll.toNanos())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendException("interrupted while waiting for the domain to shut down", e);
            }
        }
    }
}
