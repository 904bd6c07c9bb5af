package io.sleepingd.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** How the relay's buffer budget is sized: {@code -Dsleepingd.relay.memory}, else half the heap limit. */
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
}
