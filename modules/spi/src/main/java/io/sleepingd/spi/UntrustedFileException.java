package io.sleepingd.spi;

/**
 * A file the daemon would run as code could have been written by someone other than root or the
 * daemon's user; see {@link TrustedFile}. The message says which path and why.
 */
public final class UntrustedFileException extends Exception {
    private static final long serialVersionUID = 1L;

    public UntrustedFileException(String message) {
        super(message);
    }
}
