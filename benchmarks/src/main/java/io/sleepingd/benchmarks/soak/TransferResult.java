package io.sleepingd.benchmarks.soak;

/** One connection's outcome, the bytes it verified, and for a failure what the client saw. */
record TransferResult(Outcome outcome, long bytesVerified, String detail) {
    static TransferResult ok(long bytes) {
        return new TransferResult(Outcome.OK, bytes, "");
    }

    static TransferResult failed(Outcome outcome, String detail) {
        return new TransferResult(outcome, 0, detail);
    }
}
