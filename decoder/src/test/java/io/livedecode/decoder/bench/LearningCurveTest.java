package io.livedecode.decoder.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class LearningCurveTest {

    /** Error of frame t is t itself: every median is the middle index of its range. */
    private static double[] ramp(int n) {
        double[] e = new double[n];
        for (int t = 0; t < n; t++) {
            e[t] = t;
        }
        return e;
    }

    @Test
    void afterNIsTheMedianOfTheWindowCentredOnN() {
        LearningCurve c = new LearningCurve(ramp(1_000), 200);
        assertEquals(299.5, c.after(300), "frames 200..399");
        assertEquals(Double.NaN, c.after(950), "the window would run past the end");
        assertEquals(Double.NaN, c.after(50), "the window would start before frame 0");
        assertEquals(199.5, c.rolling(300), "the 200 errors before frame 300");
        assertEquals(4.5, c.rolling(10), "fewer frames at the start");
    }

    @Test
    void competenceIsWhenTheRollingMedianStaysWithinItsLimitToTheEnd() {
        double[] e = new double[1_000];
        for (int t = 0; t < e.length; t++) {
            // Learns until 400, then one bad stretch at 600..649, then good.
            e[t] = t < 400 ? 10 : t >= 600 && t < 650 ? 10 : 1;
        }
        LearningCurve c = new LearningCurve(e, 100);
        assertEquals(701, c.framesUntilWithin(t -> 1.0), "from 701 on, fewer than half of the last 100 are bad");
        assertEquals(450, c.framesUntilWithin(t -> 6.0), "half bad gives a median of 5.5, more than half 10");
        assertEquals(-1, c.framesUntilWithin(t -> 0.5));
        assertEquals(100, new LearningCurve(new double[300], 100).framesUntilWithin(t -> 0), "never before the window");
    }

    @Test
    void ridgeIsInterpolatedInLogFramesBetweenCheckpoints() {
        List<RidgeReference.Result> ridge = List.of(new RidgeReference.Result(300, 3, true, 1, 0),
                new RidgeReference.Result(3_000, 1, true, 1, 0));
        assertEquals(3, AccuracySuite.ridgeAt(ridge, 100));
        assertEquals(2, AccuracySuite.ridgeAt(ridge, Math.sqrt(300 * 3_000)), 1e-12);
        assertEquals(1, AccuracySuite.ridgeAt(ridge, 4_000));
    }

    @Test
    void windowsMustFit() {
        assertThrows(IllegalArgumentException.class, () -> new LearningCurve(new double[10], 20));
    }
}
