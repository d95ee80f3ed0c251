package io.livedecode.simulator.calibration;

import java.util.Arrays;

/**
 * The leading {@code size} x {@code size} block of a Gram matrix, re-centred on the mean of those
 * {@code size} trials without copying it ({@code Kc = K - a 1' - 1 a' + c 1 1'}), and the conjugate
 * gradient solution of the ridge system {@code (Kc + lambda I) alpha = y} for two right-hand sides
 * at once. The system is well conditioned when neurons far outnumber trials, so a few hundred
 * iterations reach a relative residual of 1e-6.
 */
final class CenteredKernel {

    static final double TOLERANCE = 1e-6;
    static final int MAX_ITERATIONS = 2_000;

    private final double[][] gram;
    private final int size;
    private final double[] rowMeans;
    private final double grandMean;

    CenteredKernel(double[][] gram, int size) {
        if (size < 2 || size > gram.length) {
            throw new IllegalArgumentException("kernel block of " + size + " trials out of " + gram.length);
        }
        this.gram = gram;
        this.size = size;
        this.rowMeans = new double[gram.length];
        for (int i = 0; i < gram.length; i++) {
            double s = 0;
            for (int j = 0; j < size; j++) {
                s += gram[i][j];
            }
            rowMeans[i] = s / size;
        }
        double g = 0;
        for (int i = 0; i < size; i++) {
            g += rowMeans[i];
        }
        this.grandMean = g / size;
    }

    int size() {
        return size;
    }

    /** Mean of the diagonal of the centred block: the mean squared norm of a centred trial. */
    double meanDiagonal() {
        double s = 0;
        for (int i = 0; i < size; i++) {
            s += entry(i, i);
        }
        return s / size;
    }

    /** Centred inner product of trial {@code i} (any row of the Gram matrix) with block trial {@code j}. */
    double entry(int i, int j) {
        return gram[i][j] - rowMeans[i] - rowMeans[j] + grandMean;
    }

    /** Centred kernel row {@code i} (any trial) times {@code alpha}, over the block. */
    double apply(int i, double[] alpha) {
        double s = 0;
        double sumAlpha = 0;
        double meanDot = 0;
        double[] row = gram[i];
        for (int j = 0; j < size; j++) {
            s += row[j] * alpha[j];
            sumAlpha += alpha[j];
            meanDot += rowMeans[j] * alpha[j];
        }
        return s - rowMeans[i] * sumAlpha - meanDot + grandMean * sumAlpha;
    }

    /**
     * Solves {@code (Kc + lambda I) alpha = y} for both columns of {@code y} ({@code y[0]}, {@code y[1]}),
     * starting from {@code alpha} (a warm start, updated in place).
     */
    void solve(double lambda, double[][] y, double[][] alpha) {
        int m = size;
        double[][] r = new double[2][m];
        double[][] d = new double[2][m];
        double[][] q = new double[2][m];
        multiply(lambda, alpha, q);
        double[] rr = new double[2];
        double[] target = new double[2];
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < m; i++) {
                r[c][i] = y[c][i] - q[c][i];
                d[c][i] = r[c][i];
            }
            rr[c] = dot(r[c], r[c]);
            target[c] = TOLERANCE * TOLERANCE * Math.max(dot(y[c], y[c]), Double.MIN_NORMAL);
        }
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            if (rr[0] <= target[0] && rr[1] <= target[1]) {
                return;
            }
            multiply(lambda, d, q);
            for (int c = 0; c < 2; c++) {
                if (rr[c] <= target[c]) {
                    continue;
                }
                double step = rr[c] / dot(d[c], q[c]);
                for (int i = 0; i < m; i++) {
                    alpha[c][i] += step * d[c][i];
                    r[c][i] -= step * q[c][i];
                }
                double next = dot(r[c], r[c]);
                double beta = next / rr[c];
                rr[c] = next;
                for (int i = 0; i < m; i++) {
                    d[c][i] = r[c][i] + beta * d[c][i];
                }
            }
        }
        throw new IllegalStateException(String.format(
                "ridge solve did not converge in %d iterations (lambda %s, relative residuals %s, %s)",
                MAX_ITERATIONS, lambda, Math.sqrt(rr[0] / target[0]) * TOLERANCE,
                Math.sqrt(rr[1] / target[1]) * TOLERANCE));
    }

    // out = (Kc + lambda I) v for both columns; the Gram block is symmetric, so row i is column i and
    // each row is read once, as a vectorisable multiply-add, for both columns.
    private void multiply(double lambda, double[][] v, double[][] out) {
        int m = size;
        double[] o0 = out[0];
        double[] o1 = out[1];
        Arrays.fill(o0, 0, m, 0.0);
        Arrays.fill(o1, 0, m, 0.0);
        double[] v0 = v[0];
        double[] v1 = v[1];
        for (int i = 0; i < m; i++) {
            double[] row = gram[i];
            double a0 = v0[i];
            double a1 = v1[i];
            for (int j = 0; j < m; j++) {
                o0[j] += a0 * row[j];
                o1[j] += a1 * row[j];
            }
        }
        for (int c = 0; c < 2; c++) {
            double[] vc = v[c];
            double[] oc = out[c];
            double sum = 0;
            double meanDot = 0;
            for (int j = 0; j < m; j++) {
                sum += vc[j];
                meanDot += rowMeans[j] * vc[j];
            }
            for (int i = 0; i < m; i++) {
                oc[i] += -rowMeans[i] * sum - meanDot + grandMean * sum + lambda * vc[i];
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
