package io.livedecode.simulator.calibration;

import io.livedecode.simulator.source.Trial;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatisticsPartsTest {

    @Test
    void quantilesInterpolateLikeNumpy() {
        double[] values = {4, 1, 3, 2};
        assertEquals(2.5, Quantiles.median(values));
        assertEquals(1.75, Quantiles.of(values, 0.25));
        assertEquals(4.0, Quantiles.of(values, 1));
        assertEquals(4.0, values[0], "input must not be reordered");
        assertThrows(IllegalArgumentException.class, () -> Quantiles.median(new double[0]));
    }

    @Test
    void responseDistributionIsExactToOneHundredth() {
        ResponseDistribution distribution = new ResponseDistribution();
        // Dense values, 0.001 apart: the histogram's 0.01 bins are the only source of error.
        float[] values = new float[100_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i / 1000f;
        }
        distribution.add(values);
        assertEquals(49.9995, distribution.mean(), 1e-4);
        assertEquals(50.0, distribution.quantile(0.5), 0.011);
        assertEquals(90.0, distribution.quantile(0.9), 0.011);
        assertEquals(0, distribution.outsideRange());
        distribution.add(new float[] {-1f, 5000f});
        assertEquals(2, distribution.outsideRange());
    }

    @Test
    void reliabilityIsTheCorrelationOfEvenAndOddCurves() {
        TuningCurves curves = new TuningCurves(2, 360, 90);
        // Neuron 0 repeats its curve exactly; neuron 1 answers the same everywhere in the odd half.
        double[] angles = {45, 135, 225, 315};
        float[] even0 = {1, 4, 2, 8};
        for (int b = 0; b < 4; b++) {
            curves.add(new Trial(2 * b, angles[b], 0, new float[] {even0[b], b}));
            curves.add(new Trial(2 * b + 1, angles[b], 0, new float[] {even0[b], 5}));
        }
        assertEquals(1.0, SplitHalfReliability.of(curves, 0), 1e-12);
        assertEquals(0.0, SplitHalfReliability.of(curves, 1));
        assertEquals(4, curves.bins());
        assertEquals(2, curves.count(0));
    }

    @Test
    void curvesRejectBinsThatDoNotDivideThePeriod() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TuningCurves(3, 360, 7));
        assertEquals("binDegrees 7.0 does not divide periodDegrees 360.0 into whole bins", e.getMessage());
    }

    @Test
    void vectorSelectivityIsOneForASingleOrientationAndZeroWhenFlat() {
        double[] peaked = new double[36];
        peaked[3] = 5;
        peaked[21] = 5;
        assertEquals(1.0, VectorSelectivity.orientation(peaked, 360), 1e-12);
        double[] flat = new double[36];
        java.util.Arrays.fill(flat, 2.0);
        assertTrue(VectorSelectivity.orientation(flat, 360) < 1e-12);
    }
}
