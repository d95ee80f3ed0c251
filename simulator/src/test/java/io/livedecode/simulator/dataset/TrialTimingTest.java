package io.livedecode.simulator.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TrialTimingTest {

    @Test
    void usableTimesStartAtZero() {
        TrialTiming timing = TrialTiming.fromTimes(new double[] {10.5, 12.25, 12.25, 14.0}, "stimtimes", 1.8);
        assertArrayEquals(new double[] {0, 1.75, 1.75, 3.5}, timing.seconds());
        assertEquals("stimtimes", timing.description());
    }

    @Test
    void decreasingTimesFallBackToTheIntervalAndSayWhy() {
        TrialTiming timing = TrialTiming.fromTimes(new double[] {1, 3, 2}, "stimtimes", 0.5);
        assertArrayEquals(new double[] {0, 0.5, 1.0}, timing.seconds());
        assertEquals("a fixed 0.5 s interval (stimtimes decreases at trial 2: 2.0 after 3.0)", timing.description());
    }

    @Test
    void nonFiniteTimesFallBackToTheInterval() {
        TrialTiming timing = TrialTiming.fromTimes(new double[] {1, Double.NaN}, "stimtimes", 2);
        assertArrayEquals(new double[] {0, 2}, timing.seconds());
        assertEquals("a fixed 2.0 s interval (stimtimes value 1 is NaN)", timing.description());
    }

    @Test
    void intervalMustBePositiveAndFinite() {
        assertThrows(IllegalArgumentException.class, () -> TrialTiming.fixed(3, -1, "x"));
        assertThrows(IllegalArgumentException.class, () -> TrialTiming.fixed(3, Double.NaN, "x"));
        assertThrows(IllegalArgumentException.class, () -> TrialTiming.fixed(3, Double.POSITIVE_INFINITY, "x"));
    }

    @Test
    void anglesAreNormalisedToZeroTo360() {
        assertEquals(270.0, LoadedSession.normaliseDegrees(-90));
        assertEquals(0.0, LoadedSession.normaliseDegrees(360));
        assertEquals(1.5, LoadedSession.normaliseDegrees(721.5));
        // -1e-14 + 360 rounds to 360.0, which is outside [0, 360).
        assertEquals(0.0, LoadedSession.normaliseDegrees(-1e-14));
    }
}
