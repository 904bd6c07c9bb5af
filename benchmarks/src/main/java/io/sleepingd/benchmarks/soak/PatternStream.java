package io.sleepingd.benchmarks.soak;

import java.util.SplittableRandom;

/**
 * A reproducible stream of pseudo-random bytes: the same seed gives the same bytes whatever the sizes
 * of the reads, so a client can check a download against what the backend must have sent.
 */
final class PatternStream {
    private static final int BLOCK = 64 * 1024;

    private final SplittableRandom random;
    private final byte[] block = new byte[BLOCK];
    private int position = BLOCK;

    PatternStream(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Fills {@code target[offset, offset + length)} with the next bytes of the stream. */
    void next(byte[] target, int offset, int length) {
        while (length > 0) {
            if (position == BLOCK) {
                random.nextBytes(block);
                position = 0;
            }
            int n = Math.min(length, BLOCK - position);
            System.arraycopy(block, position, target, offset, n);
            position += n;
            offset += n;
            length -= n;
        }
    }
}
