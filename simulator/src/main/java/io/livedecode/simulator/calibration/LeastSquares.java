package io.livedecode.simulator.calibration;

/** Ordinary least squares on a constant plus two (or one) basis vectors, by the normal equations. */
final class LeastSquares {

    private LeastSquares() {
    }

    /**
     * Fits {@code y ~ c0 + c1 * u + c2 * v} over the first {@code m} entries (or {@code c0 + c1 * u}
     * when {@code useV} is false, leaving c2 = 0) and writes the coefficients to {@code out}.
     */
    static void solve(int m, double[] y, double[] u, double[] v, boolean useV, double[] out) {
        double su = 0, sv = 0, suu = 0, svv = 0, suv = 0, sy = 0, suy = 0, svy = 0;
        for (int i = 0; i < m; i++) {
            su += u[i];
            sv += v[i];
            suu += u[i] * u[i];
            svv += v[i] * v[i];
            suv += u[i] * v[i];
            sy += y[i];
            suy += u[i] * y[i];
            svy += v[i] * y[i];
        }
        double[][] a = useV
                ? new double[][] {{m, su, sv, sy}, {su, suu, suv, suy}, {sv, suv, svv, svy}}
                : new double[][] {{m, su, sy}, {su, suu, suy}};
        int k = a.length;
        // A whisper of ridge keeps the system solvable when a flat bump makes the bases collinear.
        double trace = 0;
        for (int i = 0; i < k; i++) {
            trace += a[i][i];
        }
        for (int i = 0; i < k; i++) {
            a[i][i] += 1e-12 * trace / k;
        }
        for (int col = 0; col < k; col++) {
            for (int row = col + 1; row < k; row++) {
                double factor = a[row][col] / a[col][col];
                for (int j = col; j <= k; j++) {
                    a[row][j] -= factor * a[col][j];
                }
            }
        }
        double[] x = new double[k];
        for (int row = k - 1; row >= 0; row--) {
            double s = a[row][k];
            for (int j = row + 1; j < k; j++) {
                s -= a[row][j] * x[j];
            }
            x[row] = s / a[row][row];
        }
        out[0] = x[0];
        out[1] = x[1];
        out[2] = useV ? x[2] : 0.0;
    }
}
