package io.livedecode.decoder.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.protocol.Angles;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CircularPlotTest {

    private static final double EPS = 1e-9;

    @Test
    void aSmallMissAcrossTheSeamIsDrawnBesideItsTrueAngle() {
        assertEquals(361, CircularPlot.decoded(1, 359, 360), EPS, "true 359, decoded 1: drawn just above 360");
        assertEquals(-1, CircularPlot.decoded(359, 1, 360), EPS, "true 1, decoded 359: drawn just below 0");
        assertEquals(370, CircularPlot.decoded(10, 350, 360), EPS);
        assertEquals(182, CircularPlot.decoded(2, 178, 180), EPS, "orientation period 180");
    }

    @Test
    void anAngleAwayFromTheSeamStaysWhereItIs() {
        assertEquals(120, CircularPlot.decoded(120, 118, 360), EPS);
        assertEquals(180, CircularPlot.decoded(180, 0, 360), EPS, "half a period off: either copy is as near");
        assertEquals(100, CircularPlot.decoded(100, 350, 360), EPS, "the nearer copy, 460, would leave the chart");
    }

    @Test
    void unknownTruthAndOutOfRangeValuesAreWrappedIntoOnePeriod() {
        assertEquals(355, CircularPlot.decoded(-5, Double.NaN, 360), EPS);
        assertEquals(10, CircularPlot.decoded(370, Double.NaN, 360), EPS);
        assertEquals(20, CircularPlot.truth(380, 360), EPS);
        assertTrue(Double.isNaN(CircularPlot.truth(Double.NaN, 360)));
        assertTrue(Double.isNaN(CircularPlot.decoded(Double.NaN, 10, 360)));
        assertEquals(1, CircularPlot.decoded(-359, 721, 360), EPS, "raw degrees of any size: -359 is 1, 721 is 1");
    }

    @Test
    void theDrawnPointIsTheSameAngleNeverFartherFromTheTruthAndOnTheChart() {
        SplittableRandom random = new SplittableRandom(7);
        for (double period : new double[] {360, 180}) {
            for (int i = 0; i < 100_000; i++) {
                double truth = random.nextDouble(-period, 2 * period);
                double decoded = random.nextDouble(-period, 2 * period);
                double drawn = CircularPlot.decoded(decoded, truth, period);
                double t = CircularPlot.truth(truth, period);
                assertEquals(0, Angles.circularDistance(drawn, decoded, period), 1e-9, "same angle");
                assertTrue(Math.abs(drawn - t) <= Math.abs(Angles.wrap(decoded, period) - t) + 1e-9, "never farther");
                assertTrue(drawn >= -period / 8 - 1e-9 && drawn <= period * 9 / 8 + 1e-9, "inside the axis: " + drawn);
                // What the fix is for: a miss of less than period / 8 is drawn as a miss of that size.
                double miss = Angles.circularDistance(decoded, truth, period);
                if (miss < period / 8) {
                    assertEquals(miss, Math.abs(drawn - t), 1e-9, "drawn distance equals the circular error");
                }
            }
        }
    }
}
