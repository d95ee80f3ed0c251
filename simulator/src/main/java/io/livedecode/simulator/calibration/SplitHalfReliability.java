package io.livedecode.simulator.calibration;

/**
 * How well a neuron's tuning curve from even-numbered trials predicts the one from odd-numbered
 * trials: their Pearson correlation over the angle bins both halves cover. It falls as the bins get
 * narrower (fewer trials per bin), so it is only comparable at the same bin width and trial count.
 */
public final class SplitHalfReliability {

    private SplitHalfReliability() {
    }

    /** The correlation for {@code neuron}; 0 when either half is flat. */
    public static double of(TuningCurves curves, int neuron) {
        return correlation(curves.halfCurve(0, neuron), curves.halfCurve(1, neuron));
    }

    static double correlation(double[] x, double[] y) {
        double sx = 0, sy = 0;
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                sx += x[i];
                sy += y[i];
                n++;
            }
        }
        if (n < 3) {
            return 0.0;
        }
        double mx = sx / n;
        double my = sy / n;
        double sxx = 0, syy = 0, sxy = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                double dx = x[i] - mx;
                double dy = y[i] - my;
                sxx += dx * dx;
                syy += dy * dy;
                sxy += dx * dy;
            }
        }
        return sxx == 0 || syy == 0 ? 0.0 : sxy / Math.sqrt(sxx * syy);
    }
}
