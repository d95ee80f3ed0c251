package io.livedecode.decoder.model;

/**
 * Plain-Java {@link WeightKernels}. The JIT does not vectorise these loops (it cannot prove the
 * arrays distinct), so this is the slow reference; {@link VectorKernels} must match it bit for bit.
 */
final class ScalarKernels implements WeightKernels {
    static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {
    }

    @Override
    public void affineColumns(float[] w, int ld, int rows, int from, int to, float[] in, float[] acc, int at) {
        for (int j = from; j < to; j++) {
            affineColumn(w, j * ld, 0, rows, in[j], acc, at);
        }
    }

    static void affineColumn(float[] w, int base, int from, int rows, float xj, float[] acc, int at) {
        for (int i = from; i < rows; i++) {
            acc[at + i] = acc[at + i] + w[base + i] * xj;
        }
    }

    @Override
    public void sgdColumns(float[] w, int ld, int rows, int from, int to, float[] in, float[] g, float eta, float decay,
                        float shrink) {
        for (int j = from; j < to; j++) {
            sgdColumn(w, j * ld, 0, rows, eta * in[j], g, decay, shrink);
        }
    }

    static void sgdColumn(float[] w, int base, int from, int rows, float c, float[] g, float decay, float shrink) {
        for (int i = from; i < rows; i++) {
            int k = base + i;
            w[k] = finish(w[k] + c * g[i], decay, shrink);
        }
    }

    @Override
    public void momentumColumns(float[] w, float[] u, int ld, int rows, int from, int to, float[] in, float[] g,
                             float eta, float mu, float decay, float shrink) {
        for (int j = from; j < to; j++) {
            momentumColumn(w, u, j * ld, 0, rows, eta * in[j], g, mu, decay, shrink);
        }
    }

    static void momentumColumn(float[] w, float[] u, int base, int from, int rows, float c, float[] g,
                               float mu, float decay, float shrink) {
        for (int i = from; i < rows; i++) {
            int k = base + i;
            float step = flush(mu * u[k] + c * g[i]);
            u[k] = step;
            w[k] = finish(w[k] + step, decay, shrink);
        }
    }

    @Override
    public void rmsPropColumns(float[] w, float[] s, float[] u, int ld, int rows, int from, int to, float[] in, float[] g,
                            float eta, float rho, float eps, float mu, float decay, float shrink) {
        for (int j = from; j < to; j++) {
            rmsPropColumn(w, s, u, j * ld, 0, rows, in[j], g, eta, rho, eps, mu, decay, shrink);
        }
    }

    static void rmsPropColumn(float[] w, float[] s, float[] u, int base, int from, int rows, float xj, float[] g,
                              float eta, float rho, float eps, float mu, float decay, float shrink) {
        float rho1 = 1f - rho;
        for (int i = from; i < rows; i++) {
            int k = base + i;
            float grad = g[i] * xj;
            float ms = flush(rho * s[k] + rho1 * grad * grad);
            s[k] = ms;
            float step = eta * grad / (float) Math.sqrt(ms + eps);
            if (u != null) {
                step = flush(mu * u[k] + step);
                u[k] = step;
            }
            w[k] = finish(w[k] + step, decay, shrink);
        }
    }

    @Override
    public void adamColumns(float[] w, float[] m, float[] v, int ld, int rows, int from, int to, float[] in, float[] g,
                         float stepSize, float beta1, float beta2, float eps, float rootCorrection2, float decay,
                         float shrink) {
        for (int j = from; j < to; j++) {
            adamColumn(w, m, v, j * ld, 0, rows, in[j], g, stepSize, beta1, beta2, eps, rootCorrection2, decay, shrink);
        }
    }

    static void adamColumn(float[] w, float[] m, float[] v, int base, int from, int rows, float xj, float[] g,
                           float stepSize, float beta1, float beta2, float eps, float rootCorrection2,
                           float decay, float shrink) {
        float b1 = 1f - beta1;
        float b2 = 1f - beta2;
        for (int i = from; i < rows; i++) {
            int k = base + i;
            float grad = g[i] * xj;
            float mean = flush(beta1 * m[k] + b1 * grad);
            float square = flush(beta2 * v[k] + b2 * grad * grad);
            m[k] = mean;
            v[k] = square;
            float step = stepSize * mean / ((float) Math.sqrt(square) / rootCorrection2 + eps);
            w[k] = finish(w[k] + step, decay, shrink);
        }
    }

    @Override
    public void l1SubgradientColumns(float[] w, int ld, int rows, int from, int to, float step) {
        for (int j = from; j < to; j++) {
            l1SubgradientColumn(w, j * ld, 0, rows, step);
        }
    }

    static void l1SubgradientColumn(float[] w, int base, int from, int rows, float step) {
        for (int i = from; i < rows; i++) {
            int k = base + i;
            w[k] = flush(w[k] - Math.signum(w[k]) * step);
        }
    }

    @Override
    public float includeForgetting(float[] x, double[] mean, double[] m2, double[] nextMean, double[] nextM2,
                                   double invCount, double keep, double scale, float[] z, int n) {
        return includeForgettingRange(x, mean, m2, nextMean, nextM2, invCount, keep, scale, z, 0, n, 0f, 0f);
    }

    static float includeForgettingRange(float[] x, double[] mean, double[] m2, double[] nextMean, double[] nextM2,
                                        double invCount, double keep, double scale, float[] z, int from, int n,
                                        float max, float bad) {
        for (int i = from; i < n; i++) {
            double xi = x[i];
            double delta = xi - mean[i];
            double m = mean[i] + delta * invCount;
            double s = keep * m2[i] + delta * (xi - m);
            nextMean[i] = m;
            nextM2[i] = s;
            double var = s * invCount;
            float v = var > 0 ? (float) ((xi - m) * (scale / Math.sqrt(var))) : 0f;
            z[i] = v;
            max = Math.max(max, Math.abs(v));
            bad += x[i] * 0f;
        }
        return Float.isNaN(bad) ? Float.NaN : max;
    }

    @Override
    public float standardize(float[] x, double[] mean, double[] m2, double invCount, double scale, float[] z, int n) {
        return standardizeRange(x, mean, m2, invCount, scale, z, 0, n, 0f, 0f);
    }

    static float standardizeRange(float[] x, double[] mean, double[] m2, double invCount, double scale, float[] z,
                                  int from, int n, float max, float bad) {
        for (int i = from; i < n; i++) {
            double xi = x[i];
            double var = m2[i] * invCount;
            float v = var > 0 ? (float) ((xi - mean[i]) * (scale / Math.sqrt(var))) : 0f;
            z[i] = v;
            max = Math.max(max, Math.abs(v));
            bad += x[i] * 0f;
        }
        return Float.isNaN(bad) ? Float.NaN : max;
    }

    /** Decay then soft threshold (each skipped when it is the identity, as the vector kernels do), then flush. */
    static float finish(float sum, float decay, float shrink) {
        float v = decay == 1f ? sum : decay * sum;
        if (shrink != 0f) {
            // Written so that every weight the threshold reaches becomes +0, never -0.
            v = v < 0f ? Math.min(v + shrink, 0f) : Math.max(v - shrink, 0f);
        }
        return flush(v);
    }

    /**
     * Zero for magnitudes below {@link WeightKernels#TINY}. Momentum and mean squares of a neuron that
     * fell silent, and weights under decay, shrink geometrically towards subnormal floats, which
     * x86 processes about a hundred times slower; Java cannot set flush-to-zero, so the kernels do.
     */
    static float flush(float v) {
        return Math.abs(v) < WeightKernels.TINY ? 0f : v;
    }
}
