package io.livedecode.decoder.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SampleWindowTest {

    @Test
    void medianAndNearestRankQuantilesOfTheLastValues() {
        SampleWindow w = new SampleWindow(100);
        assertTrue(Double.isNaN(w.median()));
        for (int i = 1; i <= 100; i++) {
            w.add(101 - i);
        }
        assertEquals(50.5, w.median(), 0);
        assertEquals(50, w.quantile(0.5), 0);
        assertEquals(99, w.quantile(0.99), 0);
        assertEquals(100, w.quantile(1), 0);
        for (int i = 0; i < 50; i++) {
            w.add(1000);
        }
        assertEquals(100, w.size());
        assertEquals(525, w.median(), 0, "the 50 oldest (51..100) left the window: 1..50 and 50 x 1000 remain");
        w.clear();
        assertEquals(0, w.size());
        w.add(3);
        assertEquals(3, w.quantile(0.99), 0);
        assertThrows(IllegalArgumentException.class, () -> w.quantile(0));
    }
}
