package io.livedecode.simulator.calibration;

import io.livedecode.protocol.Angles;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TuningFitterTest {

    @Test
    void recoversANoiseFreeDirectionTunedCurve() {
        TuningFit truth = new TuningFit(250.0, 6.0, 2.0, 10.0, 4.0, 360);
        TuningFit fit = new TuningFitter(72, 360).fit(sample(truth, 72));
        assertEquals(250.0, fit.preferredDegrees(), 0.01);
        assertEquals(6.0, fit.concentration(), 0.01);
        assertEquals(2.0, fit.baseline(), 0.01);
        assertEquals(10.0, fit.preferredLobe(), 0.01);
        assertEquals(4.0, fit.nullLobe(), 0.01);
    }

    @Test
    void recoversAnOrientationCurveAcrossTheWrap() {
        TuningFit truth = new TuningFit(178.0, 1.5, 1.0, 6.0, 6.0, 180);
        TuningFit fit = new TuningFitter(36, 180).fit(sample(truth, 36));
        assertEquals(0.0, Angles.circularDistance(178.0, fit.preferredDegrees(), 180), 0.01);
        assertEquals(1.5, fit.concentration(), 0.01);
        assertEquals(6.0, fit.preferredLobe(), 0.01);
        assertEquals(fit.preferredLobe(), fit.nullLobe());
    }

    @Test
    void skipsEmptyBins() {
        TuningFit truth = new TuningFit(40.0, 3.0, 0.5, 8.0, 8.0, 360);
        double[] curve = sample(truth, 72);
        curve[5] = Double.NaN;
        curve[40] = Double.NaN;
        assertEquals(3.0, new TuningFitter(72, 360).fit(curve).concentration(), 0.01);
    }

    @Test
    void selectivityIndicesFollowTheirDefinitions() {
        TuningFit fit = new TuningFit(0.0, 4.0, 1.0, 9.0, 3.0, 360);
        double orthogonal = 1.0 + 9.0 * Math.exp(-8.0) * 0.5 + 3.0 * Math.exp(-8.0) * 0.5;
        assertEquals((10.0 - orthogonal) / (10.0 + orthogonal), fit.orientationSelectivity(), 1e-12);
        assertEquals((10.0 - 4.0) / (10.0 + 4.0), fit.directionSelectivity(), 1e-12);
        assertEquals(0.0, new TuningFit(0.0, 4.0, 1.0, 9.0, 9.0, 180).directionSelectivity());
    }

    @Test
    void rejectsCurvesOfTheWrongLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TuningFitter(72, 360).fit(new double[10]));
        assertEquals("curve has 10 bins, expected 72", e.getMessage());
    }

    private static double[] sample(TuningFit fit, int bins) {
        double[] curve = new double[bins];
        double width = fit.periodDegrees() / bins;
        for (int b = 0; b < bins; b++) {
            curve[b] = fit.response((b + 0.5) * width);
        }
        return curve;
    }
}
