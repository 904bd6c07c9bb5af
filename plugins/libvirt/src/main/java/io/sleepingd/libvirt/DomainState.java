package io.sleepingd.libvirt;

import java.util.Arrays;

/**
 * A domain's state as {@code virsh domstate} writes it (in the C locale, which the provider asks for):
 * the one answer check, start and stop decide on.
 */
enum DomainState {
    NO_STATE("no state"),
    RUNNING("running"),
    /** libvirt's VIR_DOMAIN_BLOCKED, which virsh calls "idle": running, waiting for a resource. */
    IDLE("idle"),
    PAUSED("paused"),
    IN_SHUTDOWN("in shutdown"),
    SHUT_OFF("shut off"),
    CRASHED("crashed"),
    PM_SUSPENDED("pmsuspended");

    private final String written;

    DomainState(String written) {
        this.written = written;
    }

    /**
     * The state in {@code virsh domstate}'s output: its first line, without a reason in parentheses
     * ({@code shut off (destroyed)} with {@code --reason}).
     *
     * @throws IllegalArgumentException for a state this provider does not know, quoting it
     */
    static DomainState parse(String output) {
        String line = output.strip().lines().findFirst().orElse("");
        int reason = line.indexOf(" (");
        String state = (reason < 0 ? line : line.substring(0, reason)).strip();
        return Arrays.stream(values()).filter(each -> each.written.equals(state)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("virsh domstate said '" + line
                        + "', which is not a domain state this provider knows"));
    }

    /** Whether the guest runs and can serve: what check calls Running. */
    boolean serving() {
        return this == RUNNING || this == IDLE;
    }

    @Override
    public String toString() {
        return written;
    }
}
