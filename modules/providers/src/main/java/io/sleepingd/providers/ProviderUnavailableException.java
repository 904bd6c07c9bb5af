package io.sleepingd.providers;

/**
 * A service names a provider that is not installed or whose plugin could not be loaded: that
 * service cannot run, the others can.
 */
public final class ProviderUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public ProviderUnavailableException(String message) {
        super(message);
    }
}
