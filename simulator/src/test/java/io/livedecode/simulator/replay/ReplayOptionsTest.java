package io.livedecode.simulator.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReplayOptionsTest {

    @Test
    void labelledFractionIsSeededAndClose() {
        ReplayOptions a = new ReplayOptions("s", 1, 0.3, 0, 0, false, 7);
        ReplayOptions b = new ReplayOptions("s", 1, 0.3, 0, 0, false, 7);
        ReplayOptions c = new ReplayOptions("s", 1, 0.3, 0, 0, false, 8);
        int labelled = 0;
        int differ = 0;
        for (long i = 0; i < 100_000; i++) {
            assertEquals(a.labelled(i), b.labelled(i));
            labelled += a.labelled(i) ? 1 : 0;
            differ += a.labelled(i) != c.labelled(i) ? 1 : 0;
        }
        assertEquals(0.3, labelled / 100_000.0, 0.01);
        assertTrue(differ > 30_000, "another seed chooses other frames: " + differ);
    }

    @Test
    void totalsFollowStartLimitAndLoop() {
        RampSource source = new RampSource(3, 10, 0.1);
        assertEquals(10, new Replayer(source, ReplayOptions.fastest("s")).total());
        assertEquals(4, new Replayer(source, new ReplayOptions("s", 1, 1, 6, 0, false, 1)).total());
        assertEquals(4, new Replayer(source, new ReplayOptions("s", 1, 1, 6, 25, false, 1)).total());
        assertEquals(25, new Replayer(source, new ReplayOptions("s", 1, 1, 6, 25, true, 1)).total());
        assertEquals(Long.MAX_VALUE, new Replayer(source, new ReplayOptions("s", 1, 1, 0, 0, true, 1)).total());
        assertEquals("12 frames  6.0 frames/s  (looping until stopped)", ProgressBar.line(12, Long.MAX_VALUE, 2_000_000_000L, true));
    }

    @Test
    void badOptionsAreNamed() {
        assertEquals("speed -1.0 must be positive (or infinite for max)", assertThrows(IllegalArgumentException.class,
                () -> new ReplayOptions("s", -1, 1, 0, 0, false, 1)).getMessage());
        assertEquals("labelled fraction 1.5 must be in [0, 1]", assertThrows(IllegalArgumentException.class,
                () -> new ReplayOptions("s", 1, 1.5, 0, 0, false, 1)).getMessage());
        assertEquals("start 10 is beyond the session's 10 trials", assertThrows(IllegalArgumentException.class,
                () -> new Replayer(new RampSource(1, 10, 1), new ReplayOptions("s", 1, 1, 10, 0, false, 1))).getMessage());
    }

    @Test
    void plainProgressLinesShowRateAndEta() {
        assertEquals("500/1,000 frames ( 50%)  250.0 frames/s  ETA 2s", ProgressBar.line(500, 1000, 2_000_000_000L, false));
        assertEquals("[" + "#".repeat(7) + ".".repeat(23) + "] 1/4 frames ( 25%)  1.0 frames/s  ETA 3s",
                ProgressBar.line(1, 4, 1_000_000_000L, true));
        assertEquals("2m05s", ProgressBar.duration(125));
    }
}
