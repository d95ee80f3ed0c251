package io.livedecode.decoder.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD {@link WeightKernels} on the incubating Vector API. Each lane performs exactly the scalar
 * operations of {@link ScalarKernels} (separate multiply and add, correctly rounded square root,
 * division and conversions), so results match bit for bit. Every kernel finishes each column's
 * rows past the last whole vector without masks (the forward product and plain SGD with one
 * half-width vector where they fill one, then scalar; the other updates scalar): with masked
 * vectors there, the JIT boxed the vectors and allocated (in momentum and RMSProp at once; in the
 * forward product only in a JVM that had first run a 50-unit layer, where predict became about
 * five times slower).
 */
final class VectorKernels implements WeightKernels {
    static final VectorKernels INSTANCE = new VectorKernels();
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final FloatVector ZERO = FloatVector.zero(S);
    private static final FloatVector TINY_LANES = FloatVector.broadcast(S, TINY);
    /** Half the preferred width, for the rows past a column's last whole vector (8 floats with AVX-512). */
    private static final VectorSpecies<Float> H = half(S);
    private static final int H_LANES = H.length();
    private static final FloatVector ZERO_HALF = FloatVector.zero(H);
    private static final FloatVector TINY_HALF = FloatVector.broadcast(H, TINY);
    /** Doubles for the standardiser, with floats of the same lane count to convert to and from. */
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = VectorSpecies.of(float.class,
            VectorShape.forBitSize(D.length() * Float.SIZE));

    private VectorKernels() {
    }

    /**
     * Half of {@code s}'s shape, where there is one: for a 64-bit {@code s}, or a width such as 384
     * bits, {@code s} itself, which the tails then never use (fewer rows than it holds remain).
     */
    private static VectorSpecies<Float> half(VectorSpecies<Float> s) {
        int bits = s.vectorBitSize() / 2;
        if (bits < 64 || Integer.bitCount(bits) != 1) {
            return s;
        }
        return VectorSpecies.of(float.class, VectorShape.forBitSize(bits));
    }

    /** Floats per vector: row ranges that start on a multiple of this run the same whole vectors. */
    static int lanes() {
        return L;
    }

    /** Columns shorter than this run scalar: one mostly empty masked vector per column costs more. */
    private static boolean narrow(int rows) {
        return rows < L / 2;
    }

    @Override
    public void affineColumns(float[] w, int ld, int rows, int from, int to, float[] in, float[] acc, int at) {
        if (narrow(rows)) {
            ScalarKernels.INSTANCE.affineColumns(w, ld, rows, from, to, in, acc, at);
            return;
        }
        int bound = S.loopBound(rows);
        // The rows past the last whole vector: one half-width vector where they fill one, the rest scalar.
        boolean half = rows - bound >= H_LANES;
        int scalarFrom = half ? bound + H_LANES : bound;
        // One column at a time, in storage order: the weights are read as one sequential stream, which
        // the hardware prefetches. Sweeping several columns at once (fewer passes over the output) read
        // them as interleaved short runs and took two to three times as long on the same bytes.
        for (int j = from; j < to; j++) {
            int b = j * ld;
            float xj = in[j];
            FloatVector x = FloatVector.broadcast(S, xj);
            for (int i = 0; i < bound; i += L) {
                FloatVector.fromArray(S, acc, at + i).add(FloatVector.fromArray(S, w, b + i).mul(x))
                        .intoArray(acc, at + i);
            }
            if (half) {
                FloatVector xh = FloatVector.broadcast(H, xj);
                FloatVector.fromArray(H, acc, at + bound).add(FloatVector.fromArray(H, w, b + bound).mul(xh))
                        .intoArray(acc, at + bound);
            }
            ScalarKernels.affineColumn(w, b, scalarFrom, rows, xj, acc, at);
        }
    }

    @Override
    public void sgdColumns(float[] w, int ld, int rows, int from, int to, float[] in, float[] g, float eta, float decay,
                        float shrink) {
        if (narrow(rows)) {
            ScalarKernels.INSTANCE.sgdColumns(w, ld, rows, from, to, in, g, eta, decay, shrink);
            return;
        }
        int bound = S.loopBound(rows);
        FloatVector dv = FloatVector.broadcast(S, decay);
        FloatVector sv = FloatVector.broadcast(S, shrink);
        // The defaults' big update: its tail goes through a half-width vector too, as in the forward product.
        boolean half = rows - bound >= H_LANES;
        int scalarFrom = half ? bound + H_LANES : bound;
        FloatVector dh = FloatVector.broadcast(H, decay);
        FloatVector sh = FloatVector.broadcast(H, shrink);
        for (int j = from; j < to; j++) {
            int base = j * ld;
            float cj = eta * in[j];
            FloatVector c = FloatVector.broadcast(S, cj);
            for (int i = 0; i < bound; i += L) {
                FloatVector v = FloatVector.fromArray(S, w, base + i).add(FloatVector.fromArray(S, g, i).mul(c));
                finish(v, decay, shrink, dv, sv).intoArray(w, base + i);
            }
            if (half) {
                int k = base + bound;
                FloatVector v = FloatVector.fromArray(H, w, k)
                        .add(FloatVector.fromArray(H, g, bound).mul(FloatVector.broadcast(H, cj)));
                finishHalf(v, decay, shrink, dh, sh).intoArray(w, k);
            }
            ScalarKernels.sgdColumn(w, base, scalarFrom, rows, cj, g, decay, shrink);
        }
    }

    @Override
    public void momentumColumns(float[] w, float[] u, int ld, int rows, int from, int to, float[] in, float[] g,
                             float eta, float mu, float decay, float shrink) {
        if (narrow(rows)) {
            ScalarKernels.INSTANCE.momentumColumns(w, u, ld, rows, from, to, in, g, eta, mu, decay, shrink);
            return;
        }
        int bound = S.loopBound(rows);
        FloatVector dv = FloatVector.broadcast(S, decay);
        FloatVector sv = FloatVector.broadcast(S, shrink);
        FloatVector muv = FloatVector.broadcast(S, mu);
        for (int j = from; j < to; j++) {
            int base = j * ld;
            FloatVector c = FloatVector.broadcast(S, eta * in[j]);
            for (int i = 0; i < bound; i += L) {
                int k = base + i;
                FloatVector step = flush(FloatVector.fromArray(S, u, k).mul(muv).add(FloatVector.fromArray(S, g, i).mul(c)));
                step.intoArray(u, k);
                finish(FloatVector.fromArray(S, w, k).add(step), decay, shrink, dv, sv).intoArray(w, k);
            }
            ScalarKernels.momentumColumn(w, u, base, bound, rows, eta * in[j], g, mu, decay, shrink);
        }
    }

    @Override
    public void rmsPropColumns(float[] w, float[] s, float[] u, int ld, int rows, int from, int to, float[] in, float[] g,
                            float eta, float rho, float eps, float mu, float decay, float shrink) {
        // One column is a bias: a few hundred values once per step. That call alone stays in the JIT's
        // first tier for thousands of frames, where every vector operation allocates (18 KB a frame at
        // 200 rows); the scalar loop gives the same bits (the same operations, element by element).
        if (narrow(rows) || to - from == 1) {
            ScalarKernels.INSTANCE.rmsPropColumns(w, s, u, ld, rows, from, to, in, g, eta, rho, eps, mu, decay, shrink);
            return;
        }
        int bound = S.loopBound(rows);
        FloatVector dv = FloatVector.broadcast(S, decay);
        FloatVector sv = FloatVector.broadcast(S, shrink);
        FloatVector muv = FloatVector.broadcast(S, mu);
        FloatVector rhov = FloatVector.broadcast(S, rho);
        FloatVector rho1 = FloatVector.broadcast(S, 1f - rho);
        FloatVector etav = FloatVector.broadcast(S, eta);
        FloatVector epsv = FloatVector.broadcast(S, eps);
        for (int j = from; j < to; j++) {
            int base = j * ld;
            FloatVector xj = FloatVector.broadcast(S, in[j]);
            for (int i = 0; i < bound; i += L) {
                int k = base + i;
                FloatVector grad = FloatVector.fromArray(S, g, i).mul(xj);
                FloatVector ms = flush(FloatVector.fromArray(S, s, k).mul(rhov).add(grad.mul(rho1).mul(grad)));
                ms.intoArray(s, k);
                FloatVector step = grad.mul(etav).div(ms.add(epsv).lanewise(VectorOperators.SQRT));
                if (u != null) {
                    step = flush(FloatVector.fromArray(S, u, k).mul(muv).add(step));
                    step.intoArray(u, k);
                }
                finish(FloatVector.fromArray(S, w, k).add(step), decay, shrink, dv, sv).intoArray(w, k);
            }
            ScalarKernels.rmsPropColumn(w, s, u, base, bound, rows, in[j], g, eta, rho, eps, mu, decay, shrink);
        }
    }

    @Override
    public void adamColumns(float[] w, float[] m, float[] v, int ld, int rows, int from, int to, float[] in, float[] g,
                         float stepSize, float beta1, float beta2, float eps, float rootCorrection2, float decay,
                         float shrink) {
        if (narrow(rows)) {
            ScalarKernels.INSTANCE.adamColumns(w, m, v, ld, rows, from, to, in, g, stepSize, beta1, beta2, eps,
                    rootCorrection2, decay, shrink);
            return;
        }
        int bound = S.loopBound(rows);
        FloatVector dv = FloatVector.broadcast(S, decay);
        FloatVector sv = FloatVector.broadcast(S, shrink);
        FloatVector beta1v = FloatVector.broadcast(S, beta1);
        FloatVector beta2v = FloatVector.broadcast(S, beta2);
        FloatVector b1 = FloatVector.broadcast(S, 1f - beta1);
        FloatVector b2 = FloatVector.broadcast(S, 1f - beta2);
        FloatVector stepv = FloatVector.broadcast(S, stepSize);
        FloatVector epsv = FloatVector.broadcast(S, eps);
        FloatVector rootv = FloatVector.broadcast(S, rootCorrection2);
        for (int j = from; j < to; j++) {
            int base = j * ld;
            FloatVector xj = FloatVector.broadcast(S, in[j]);
            for (int i = 0; i < bound; i += L) {
                int k = base + i;
                FloatVector grad = FloatVector.fromArray(S, g, i).mul(xj);
                FloatVector mean = flush(FloatVector.fromArray(S, m, k).mul(beta1v).add(grad.mul(b1)));
                FloatVector square = flush(FloatVector.fromArray(S, v, k).mul(beta2v).add(grad.mul(b2).mul(grad)));
                mean.intoArray(m, k);
                square.intoArray(v, k);
                FloatVector step = stepv.mul(mean).div(square.lanewise(VectorOperators.SQRT).div(rootv).add(epsv));
                finish(FloatVector.fromArray(S, w, k).add(step), decay, shrink, dv, sv).intoArray(w, k);
            }
            ScalarKernels.adamColumn(w, m, v, base, bound, rows, in[j], g, stepSize, beta1, beta2, eps, rootCorrection2,
                    decay, shrink);
        }
    }

    @Override
    public void l1SubgradientColumns(float[] w, int ld, int rows, int from, int to, float step) {
        if (narrow(rows)) {
            ScalarKernels.INSTANCE.l1SubgradientColumns(w, ld, rows, from, to, step);
            return;
        }
        int bound = S.loopBound(rows);
        FloatVector up = FloatVector.broadcast(S, step);
        FloatVector down = FloatVector.broadcast(S, -step);
        for (int j = from; j < to; j++) {
            int base = j * ld;
            for (int i = 0; i < bound; i += L) {
                int k = base + i;
                FloatVector x = FloatVector.fromArray(S, w, k);
                FloatVector signed = ZERO.blend(up, x.compare(VectorOperators.GT, ZERO))
                        .blend(down, x.compare(VectorOperators.LT, ZERO));
                flush(x.sub(signed)).intoArray(w, k);
            }
            ScalarKernels.l1SubgradientColumn(w, base, bound, rows, step);
        }
    }

    @Override
    public float includeForgetting(float[] x, double[] mean, double[] m2, double[] nextMean, double[] nextM2,
                                   double invCount, double keep, double scale, float[] z, int n) {
        int bound = D.loopBound(n);
        FloatVector max = FloatVector.zero(F);
        FloatVector bad = FloatVector.zero(F);
        for (int i = 0; i < bound; i += D.length()) {
            FloatVector xf = FloatVector.fromArray(F, x, i);
            DoubleVector xi = (DoubleVector) xf.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector mu = DoubleVector.fromArray(D, mean, i);
            DoubleVector delta = xi.sub(mu);
            DoubleVector m = mu.add(delta.mul(invCount));
            DoubleVector s = DoubleVector.fromArray(D, m2, i).mul(keep).add(delta.mul(xi.sub(m)));
            m.intoArray(nextMean, i);
            s.intoArray(nextM2, i);
            FloatVector v = standardized(xi, m, s.mul(invCount), scale);
            v.intoArray(z, i);
            max = max.max(v.abs());
            bad = bad.add(xf.mul(0f));
        }
        return ScalarKernels.includeForgettingRange(x, mean, m2, nextMean, nextM2, invCount, keep, scale, z, bound, n,
                max.reduceLanes(VectorOperators.MAX), bad.reduceLanes(VectorOperators.ADD));
    }

    /**
     * Decay then soft threshold, each skipped when it is the identity. Scalars arrive pre-broadcast:
     * broadcasting here nests too deep for the JIT to inline, and the vectors would be boxed.
     */
    private static FloatVector finish(FloatVector sum, float decay, float shrink, FloatVector dv, FloatVector sv) {
        FloatVector v = decay == 1f ? sum : sum.mul(dv);
        if (shrink != 0f) {
            FloatVector zero = sv.sub(sv);
            v = v.sub(sv).max(zero).blend(v.add(sv).min(zero), v.compare(VectorOperators.LT, zero));
        }
        return flush(v);
    }

    /** {@link ScalarKernels#flush}, lane by lane. */
    private static FloatVector flush(FloatVector v) {
        return v.blend(ZERO, v.abs().compare(VectorOperators.LT, TINY_LANES));
    }

    /** {@link #finish} for half-width vectors (its own constants: a shared method would take the species as data). */
    private static FloatVector finishHalf(FloatVector sum, float decay, float shrink, FloatVector dh, FloatVector sh) {
        FloatVector v = decay == 1f ? sum : sum.mul(dh);
        if (shrink != 0f) {
            FloatVector zero = sh.sub(sh);
            v = v.sub(sh).max(zero).blend(v.add(sh).min(zero), v.compare(VectorOperators.LT, zero));
        }
        return v.blend(ZERO_HALF, v.abs().compare(VectorOperators.LT, TINY_HALF));
    }

    @Override
    public float standardize(float[] x, double[] mean, double[] m2, double invCount, double scale, float[] z, int n) {
        int bound = D.loopBound(n);
        FloatVector max = FloatVector.zero(F);
        FloatVector bad = FloatVector.zero(F);
        for (int i = 0; i < bound; i += D.length()) {
            FloatVector xf = FloatVector.fromArray(F, x, i);
            DoubleVector xi = (DoubleVector) xf.convertShape(VectorOperators.F2D, D, 0);
            FloatVector v = standardized(xi, DoubleVector.fromArray(D, mean, i),
                    DoubleVector.fromArray(D, m2, i).mul(invCount), scale);
            v.intoArray(z, i);
            max = max.max(v.abs());
            bad = bad.add(xf.mul(0f));
        }
        return ScalarKernels.standardizeRange(x, mean, m2, invCount, scale, z, bound, n,
                max.reduceLanes(VectorOperators.MAX), bad.reduceLanes(VectorOperators.ADD));
    }

    /** {@code var > 0 ? (float) ((x - m) * (scale / sqrt(var))) : 0}, lane by lane. */
    private static FloatVector standardized(DoubleVector x, DoubleVector m, DoubleVector var, double scale) {
        DoubleVector v = x.sub(m).mul(DoubleVector.broadcast(D, scale).div(var.lanewise(VectorOperators.SQRT)));
        v = v.blend(0.0, var.compare(VectorOperators.GT, 0.0).not());
        return (FloatVector) v.convertShape(VectorOperators.D2F, F, 0);
    }
}
