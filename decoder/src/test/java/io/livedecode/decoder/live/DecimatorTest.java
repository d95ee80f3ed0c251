package io.livedecode.decoder.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DecimatorTest {

    @Test
    void keepsEveryFrameWhenTheyFit() {
        int[] picked = new int[12];
        assertEquals(0, Decimator.pick(0, 12, picked));
        assertEquals(7, Decimator.pick(7, 12, picked));
        for (int i = 0; i < 7; i++) {
            assertEquals(i, picked[i]);
        }
        assertEquals(12, Decimator.pick(12, 12, picked));
        assertEquals(11, picked[11]);
    }

    @Test
    void spreadsAtMostMaxPicksEvenlyAndAlwaysKeepsTheNewest() {
        int[] picked = new int[12];
        for (int n = 13; n <= 512; n++) {
            int count = Decimator.pick(n, 12, picked);
            assertEquals(12, count, "n=" + n);
            assertEquals(n - 1, picked[11], "the newest frame is always shown, n=" + n);
            int minGap = Integer.MAX_VALUE;
            int maxGap = 0;
            for (int i = 1; i < count; i++) {
                int gap = picked[i] - picked[i - 1];
                minGap = Math.min(minGap, gap);
                maxGap = Math.max(maxGap, gap);
            }
            assertTrue(minGap >= 1, "ascending, n=" + n);
            assertTrue(maxGap - minGap <= 1, "even spacing, n=" + n + ": gaps " + minGap + ".." + maxGap);
            assertTrue(picked[0] >= 0 && picked[0] <= n / 12, "first pick closes the first stretch, n=" + n);
        }
    }

    @Test
    void refusesAZeroBudgetAndTooSmallAnArray() {
        assertThrows(IllegalArgumentException.class, () -> Decimator.pick(5, 0, new int[4]));
        assertThrows(IllegalArgumentException.class, () -> Decimator.pick(50, 12, new int[4]));
    }
}
