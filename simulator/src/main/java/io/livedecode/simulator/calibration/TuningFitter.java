package io.livedecode.simulator.calibration;

import io.livedecode.protocol.Angles;
import java.util.function.DoubleUnaryOperator;

/**
 * Least-squares fit of a {@link TuningFit} to one neuron's binned tuning curve. For a given
 * preferred orientation and concentration the model is linear in the baseline and lobe heights, so
 * those are solved exactly; the concentration is searched on a log grid then refined by golden
 * section, and the preferred orientation starts at the curve's orientation vector (unbiased for
 * this symmetric bump) and is refined the same way.
 */
public final class TuningFitter {

    static final double MIN_CONCENTRATION = 0.05;
    static final double MAX_CONCENTRATION = 50.0;
    private static final int GRID = 16;
    private static final double ORIENTATION_SEARCH_DEGREES = 20.0;
    private static final double GOLDEN = (Math.sqrt(5) - 1) / 2;

    private final double periodDegrees;
    private final double[] cos2;
    private final double[] sin2;
    private final double[] angles;
    private final double[] values;
    private final int size;
    // Work arrays of one evaluation.
    private final double[] even;
    private final double[] odd;
    private final double[] coefficients = new double[3];

    /** A fitter for curves of {@code bins} equal bins over {@code [0, periodDegrees)}. */
    public TuningFitter(int bins, double periodDegrees) {
        if (bins < 4) {
            throw new IllegalArgumentException("a tuning fit needs at least 4 bins, got " + bins);
        }
        if (periodDegrees != 360.0 && periodDegrees != 180.0) {
            throw new IllegalArgumentException("periodDegrees must be 360 or 180, got " + periodDegrees);
        }
        this.periodDegrees = periodDegrees;
        this.angles = new double[bins];
        this.values = new double[bins];
        this.cos2 = new double[bins];
        this.sin2 = new double[bins];
        this.even = new double[bins];
        this.odd = new double[bins];
        this.size = bins;
    }

    /** Fits {@code curve} (one mean per bin, NaN for an empty bin); not thread-safe. */
    public TuningFit fit(double[] curve) {
        if (curve.length != size) {
            throw new IllegalArgumentException(String.format("curve has %d bins, expected %d", curve.length, size));
        }
        int m = 0;
        double binDegrees = periodDegrees / size;
        double vx = 0;
        double vy = 0;
        for (int b = 0; b < size; b++) {
            if (Double.isFinite(curve[b])) {
                double radians = Math.toRadians((b + 0.5) * binDegrees);
                angles[m] = radians;
                values[m] = curve[b];
                cos2[m] = Math.cos(2 * radians);
                sin2[m] = Math.sin(2 * radians);
                vx += curve[b] * cos2[m];
                vy += curve[b] * sin2[m];
                m++;
            }
        }
        if (m < 4) {
            throw new IllegalArgumentException("a tuning fit needs at least 4 non-empty bins, got " + m);
        }
        double orientation = 0.5 * Math.atan2(vy, vx);
        double logKappa = searchConcentration(m, orientation);
        orientation = searchOrientation(m, orientation, logKappa);
        logKappa = searchConcentration(m, orientation);
        return result(m, orientation, Math.exp(logKappa));
    }

    private double searchConcentration(int m, double orientation) {
        double low = Math.log(MIN_CONCENTRATION);
        double high = Math.log(MAX_CONCENTRATION);
        double step = (high - low) / (GRID - 1);
        int best = 0;
        double bestError = Double.POSITIVE_INFINITY;
        for (int g = 0; g < GRID; g++) {
            double error = squaredError(m, orientation, Math.exp(low + g * step));
            if (error < bestError) {
                bestError = error;
                best = g;
            }
        }
        double a = low + Math.max(0, best - 1) * step;
        double b = low + Math.min(GRID - 1, best + 1) * step;
        return golden(a, b, u -> squaredError(m, orientation, Math.exp(u)));
    }

    private double searchOrientation(int m, double orientation, double logKappa) {
        double kappa = Math.exp(logKappa);
        double half = Math.toRadians(ORIENTATION_SEARCH_DEGREES);
        return golden(orientation - half, orientation + half, phi -> squaredError(m, phi, kappa));
    }

    private static double golden(double a, double b, DoubleUnaryOperator f) {
        double c = b - GOLDEN * (b - a);
        double d = a + GOLDEN * (b - a);
        double fc = f.applyAsDouble(c);
        double fd = f.applyAsDouble(d);
        for (int i = 0; i < 24; i++) {
            if (fc < fd) {
                b = d;
                d = c;
                fd = fc;
                c = b - GOLDEN * (b - a);
                fc = f.applyAsDouble(c);
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + GOLDEN * (b - a);
                fd = f.applyAsDouble(d);
            }
        }
        return (a + b) / 2;
    }

    // Residual sum of squares of the best lobes and baseline for this orientation and concentration;
    // leaves those in coefficients (baseline, preferred-side lobe, opposite lobe).
    private double squaredError(int m, double orientation, double kappa) {
        double cosPhi = Math.cos(orientation);
        double sinPhi = Math.sin(orientation);
        double cos2Phi = Math.cos(2 * orientation);
        double sin2Phi = Math.sin(2 * orientation);
        boolean direction = periodDegrees == 360.0;
        for (int i = 0; i < m; i++) {
            double cosDouble = cos2[i] * cos2Phi + sin2[i] * sin2Phi;
            double bump = Math.exp(kappa * (cosDouble - 1));
            if (direction) {
                double cosDelta = Math.cos(angles[i]) * cosPhi + Math.sin(angles[i]) * sinPhi;
                even[i] = bump * (1 + cosDelta) / 2;
                odd[i] = bump * (1 - cosDelta) / 2;
            } else {
                even[i] = bump;
                odd[i] = 0;
            }
        }
        LeastSquares.solve(m, values, even, odd, direction, coefficients);
        double sse = 0;
        for (int i = 0; i < m; i++) {
            double r = values[i] - coefficients[0] - coefficients[1] * even[i] - coefficients[2] * odd[i];
            sse += r * r;
        }
        return sse;
    }

    private TuningFit result(int m, double orientation, double kappa) {
        squaredError(m, orientation, kappa);
        double baseline = coefficients[0];
        double first = coefficients[1];
        double second = periodDegrees == 360.0 ? coefficients[2] : first;
        double preferred = Math.toDegrees(orientation);
        if (second > first) {
            preferred += 180;
            double swap = first;
            first = second;
            second = swap;
        }
        return new TuningFit(Angles.wrap(preferred, periodDegrees), kappa, baseline, first, second, periodDegrees);
    }
}
