package io.livedecode.simulator.calibration;

/**
 * Model-free orientation selectivity: the length of the response-weighted mean of the
 * orientation-doubled stimulus angles, {@code |sum r e^(2i theta)| / sum r} (one minus the circular
 * variance). It counts the baseline against selectivity, so it runs well below the
 * preferred-versus-orthogonal index of the same curve.
 */
public final class VectorSelectivity {

    private VectorSelectivity() {
    }

    /** The index of a curve of equal bins over {@code [0, periodDegrees)}; NaN bins are skipped. */
    public static double orientation(double[] curve, double periodDegrees) {
        double binDegrees = periodDegrees / curve.length;
        double x = 0, y = 0, total = 0;
        for (int b = 0; b < curve.length; b++) {
            if (Double.isFinite(curve[b])) {
                double doubled = Math.toRadians(2 * (b + 0.5) * binDegrees);
                x += curve[b] * Math.cos(doubled);
                y += curve[b] * Math.sin(doubled);
                total += curve[b];
            }
        }
        return total <= 0 ? 0.0 : Math.hypot(x, y) / total;
    }
}
