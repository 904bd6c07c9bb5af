package io.sleepingd.spi;

/**
 * {@link Backend#start} failed before it started anything: no process, VM or container of the backend
 * runs, or was created, because of it. Exists so that the daemon can tell a failed wake that left
 * something behind from one that did not: after any other failure of {@code start} (a
 * {@link BackendException}, a {@link CommandTimeoutException}, an interrupt, a bug), the daemon calls
 * {@link Backend#stop} before the service is asleep again, since it cannot know what was started.
 *
 * <p>A local shortage that prevented the start is reported with a {@link LocalResourceException} as
 * the cause; the daemon then also treats it as a shortage (no back-off).
 */
public final class NothingStartedException extends BackendException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed, as for any {@link BackendException} */
    public NothingStartedException(String message) {
        super(message);
    }

    /** @param cause the failure behind it: a {@link LocalResourceException} marks a shortage */
    public NothingStartedException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code failure} as a {@code NothingStartedException}, keeping its message (and its type, as the cause). */
    public static NothingStartedException of(BackendException failure) {
        return failure instanceof NothingStartedException nothing ? nothing
                : new NothingStartedException(failure.getMessage(), failure);
    }
}
