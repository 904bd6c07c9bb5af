package io.sleepingd.libvirt;

import io.sleepingd.spi.Backend;
import io.sleepingd.spi.BackendException;
import io.sleepingd.spi.CheckResult;
import io.sleepingd.spi.Endpoint;
import io.sleepingd.spi.NothingStartedException;
import io.sleepingd.spi.Trigger;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One libvirt domain: started (or resumed) by a wake, shut down and if need be destroyed when idle.
 * Where it accepts connections: {@code BACKEND}, else the first IPv4 address {@code virsh domifaddr}
 * reports, with {@code LIBVIRT_PORT}. Immutable; the wake's and the idle monitor's threads call it,
 * never at once.
 */
final class LibvirtBackend implements Backend {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtBackend.class);
    /** How often a wake asks for the guest's address, and a stop for its state: a boot takes seconds. */
    private static final Duration POLL = Duration.ofMillis(500);

    private final String service;
    private final LibvirtSettings settings;
    private final Virsh virsh;
    private final GracefulStop gracefulStop;

    LibvirtBackend(String service, LibvirtSettings settings, Virsh virsh) {
        this.service = service;
        this.settings = settings;
        this.virsh = virsh;
        this.gracefulStop = new GracefulStop(settings.shutdownTimeout(), POLL);
    }

    /** Running when the domain runs, whoever started it, so that a daemon started later adopts it. */
    @Override
    public CheckResult check(Trigger trigger) throws BackendException {
        if (!virsh.state().serving()) {
            return new CheckResult.NotRunning();
        }
        return new CheckResult.Running(settings.backend().isPresent() ? settings.backend() : addressNow());
    }

    /**
     * Brings the domain to running ({@code virsh start}, or {@code resume} for a paused one), then returns
     * BACKEND, or waits until the guest has an IPv4 address (the daemon interrupts it at WAKE_TIMEOUT).
     */
    @Override
    public Endpoint start(Trigger trigger) throws BackendException {
        DomainState state;
        try {
            state = virsh.state(); // an unknown domain or an unreachable hypervisor: nothing was touched
        } catch (BackendException e) {
            throw NothingStartedException.of(e);
        }
        switch (state) {
            case RUNNING, IDLE -> LOG.info("service '{}': domain {} already runs", service, settings.domain());
            case PAUSED -> {
                LOG.info("service '{}': resuming paused domain {}", service, settings.domain());
                virsh.require("resume");
            }
            case PM_SUSPENDED -> {
                LOG.info("service '{}': waking suspended domain {}", service, settings.domain());
                virsh.require("dompmwakeup");
            }
            case IN_SHUTDOWN -> {
                // Cannot start what has not stopped yet: let the shutdown finish (or destroy it), then start.
                gracefulStop.stop(stopDomainOps());
                startDomain();
            }
            case SHUT_OFF, CRASHED, NO_STATE -> startDomain();
        }
        return settings.backend().isPresent() ? settings.backend().get() : awaitAddress();
    }

    private void startDomain() throws BackendException {
        LOG.info("service '{}': starting domain {} ({})", service, settings.domain(), settings.uri());
        virsh.require("start");
    }

    /** The guest's address and LIBVIRT_PORT, as soon as domifaddr reports an IPv4 address. */
    private Endpoint awaitAddress() throws BackendException {
        String lastError = "";
        while (true) {
            Virsh.Result listed = virsh.run("domifaddr", "--source", source());
            if (listed.ok()) {
                Optional<String> address = InterfaceAddresses.firstIpv4(listed.output());
                if (address.isPresent()) {
                    return new Endpoint(address.get(), settings.port().orElseThrow());
                }
            } else {
                lastError = listed.failure(); // an agent not up yet says so; it may answer a moment later
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendException("interrupted while waiting for domain " + settings.domain()
                        + " to report an IPv4 address ('virsh domifaddr --source " + source() + "')"
                        + (lastError.isEmpty() ? "" : "; last: " + lastError), e);
            }
        }
    }

    /** The address domifaddr reports now, if any: for check, which must not wait. */
    private Optional<Endpoint> addressNow() throws BackendException {
        Virsh.Result listed = virsh.run("domifaddr", "--source", source());
        return listed.ok() ? InterfaceAddresses.firstIpv4(listed.output())
                .map(address -> new Endpoint(address, settings.port().orElseThrow())) : Optional.empty();
    }

    private String source() {
        return settings.addressSource().name().toLowerCase(Locale.ROOT);
    }

    /** Safe on a domain that is off or half started: GracefulStop looks at its state first. */
    @Override
    public void stop() throws BackendException {
        GracefulStop.Outcome outcome = gracefulStop.stop(stopDomainOps());
        switch (outcome) {
            case ALREADY_OFF -> LOG.debug("service '{}': domain {} is already shut off", service, settings.domain());
            case SHUT_DOWN -> LOG.info("service '{}': domain {} shut down", service, settings.domain());
            case DESTROYED -> LOG.info("service '{}': domain {} destroyed (it did not shut down within {} s,"
                    + " or could not: LIBVIRT_SHUTDOWN_TIMEOUT)", service, settings.domain(),
                    settings.shutdownTimeout().toSeconds());
        }
    }

    private GracefulStop.Domain stopDomainOps() {
        return new GracefulStop.Domain() {
            @Override
            public DomainState state() throws BackendException {
                return virsh.state();
            }

            @Override
            public Optional<String> shutdown() throws BackendException {
                LOG.info("service '{}': shutting down domain {}", service, settings.domain());
                Virsh.Result result = virsh.run("shutdown");
                return result.ok() ? Optional.empty() : Optional.of(result.failure());
            }

            @Override
            public Optional<String> destroy() throws BackendException {
                LOG.info("service '{}': destroying domain {}", service, settings.domain());
                Virsh.Result result = virsh.run("destroy");
                return result.ok() ? Optional.empty() : Optional.of(result.failure());
            }
        };
    }

    @Override
    public Map<String, String> settingsInUse() {
        return settings.inUse();
    }
}
