package io.sleepingd.kubernetes;

import io.sleepingd.spi.BackendException;

/** The API server answered a request with an error status: kept apart so that a stop can tell 404. */
final class ApiException extends BackendException {
    private static final long serialVersionUID = 1L;

    private final int status;

    ApiException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** The HTTP status the API server answered with. */
    int status() {
        return status;
    }
}
