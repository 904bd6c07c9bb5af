package io.sleepingd.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * How the relay's buffer budget is sized ({@code -Dsleepingd.relay.memory}, else half the heap limit),
 * and how much a pipe may be asked to hold under it.
 */
class BufferPoolTest {

    @Test
    void theDefaultBudgetIsHalfTheHeapLimit() {
        assertEquals(32L << 20, BufferPool.budgetFrom(null, 64L << 20));
    }

    @Test
    void aBudgetIsGivenInBytesOrWithAUnit() {
        assertEquals(64L << 20, BufferPool.budgetFrom("64m", 1L << 30));
    }

    @Test
    void aBudgetSmallerThanFourLargeBuffersIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> BufferPool.budgetFrom("100k", 1L << 30));
    }

    @Test
    void aBudgetThatIsNotASizeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> BufferPool.budgetFrom("lots", 1L << 30));
    }

    @Test
    void aBudgetTooLargeForALongIsRefusedNotWrappedAround() {
        // 17179869185 GiB is 2^64 + 1 GiB: multiplied without a check, it would be 1 GiB
        assertThrows(IllegalArgumentException.class, () -> BufferPool.budgetFrom("17179869185g", 1L << 30));
    }

    @Test
    void belowHalfTheBudgetAPipeReadTakesAtMostWhatIsLeftOfThatHalf() {
        BufferPool pool = new BufferPool(4L << 20);
        pool.reserve(1L << 20);

        assertEquals(1 << 20, pool.readLimit(1 << 20), "1 MiB of the 2 MiB half is left");
        pool.reserve(768 << 10);
        assertEquals(256 << 10, pool.readLimit(1 << 20), "256 KiB of the half is left");
    }

    @Test
    void aboveHalfTheBudgetAPipeReadTakesASmallBuffersWorth() {
        BufferPool pool = new BufferPool(4L << 20);
        pool.reserve(3L << 20);

        assertEquals(BufferPool.SMALL, pool.readLimit(1 << 20));
    }

    @Test
    void aSpentBudgetLeavesNothingToRead() {
        BufferPool pool = new BufferPool(4L << 20);
        pool.reserve(4L << 20);

        assertEquals(0, pool.readLimit(1 << 20));
    }
}
