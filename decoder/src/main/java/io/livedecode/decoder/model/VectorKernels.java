package io.livedecode.decoder.model;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD {@link WeightKernels} on the incubating Vector API. Each lane performs exactly the scalar
 * operations of {@link ScalarKernels} (separate multiply and add, correctly rounded square root and
 * division), and the tail of each column runs the scalar code, so results match bit for bit.
 */
final class VectorKernels implements WeightKernels {
    static final VectorKernels INSTANCE = new VectorKernels();
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorKernels() {
    }

    @Override
    public void affine(float[] w, int ld, int rows, int cols, float[] in, float[] bias, float[] out) {
        System.arraycopy(bias, 0, out, 0, rows);
        int bound = S.loopBound(rows);
        int j = 0;
        // Four columns per sweep over the output: same per-element order, a quarter of the output traffic.
        for (; j + 3 < cols; j += 4) {
            float x0 = in[j];
            float x1 = in[j + 1];
            float x2 = in[j + 2];
            float x3 = in[j + 3];
            int b0 = j * ld;
            int b1 = b0 + ld;
            int b2 = b1 + ld;
            int b3 = b2 + ld;
            for (int i = 0; i < bound; i += L) {
                FloatVector o = FloatVector.fromArray(S, out, i);
                o = o.add(FloatVector.fromArray(S, w, b0 + i).mul(x0));
                o = o.add(FloatVector.fromArray(S, w, b1 + i).mul(x1));
                o = o.add(FloatVector.fromArray(S, w, b2 + i).mul(x2));
                o = o.add(FloatVector.fromArray(S, w, b3 + i).mul(x3));
                o.intoArray(out, i);
            }
            for (int i = bound; i < rows; i++) {
                out[i] = out[i] + w[b0 + i] * x0 + w[b1 + i] * x1 + w[b2 + i] * x2 + w[b3 + i] * x3;
            }
        }
        for (; j < cols; j++) {
            int base = j * ld;
            float xj = in[j];
            for (int i = 0; i < bound; i += L) {
                FloatVector.fromArray(S, out, i).add(FloatVector.fromArray(S, w, base + i).mul(xj)).intoArray(out, i);
            }
            ScalarKernels.affineColumn(w, base, bound, rows, xj, out);
        }
    }

    @Override
    public void sgd(float[] w, int ld, int rows, int cols, float[] in, float[] g, float eta, float decay, float shrink) {
        int bound = S.loopBound(rows);
        for (int j = 0; j < cols; j++) {
            int base = j * ld;
            float c = eta * in[j];
            for (int i = 0; i < bound; i += L) {
                FloatVector v = FloatVector.fromArray(S, w, base + i).add(FloatVector.fromArray(S, g, i).mul(c));
                finish(v, decay, shrink).intoArray(w, base + i);
            }
            ScalarKernels.sgdColumn(w, base, bound, rows, c, g, decay, shrink);
        }
    }

    @Override
    public void momentum(float[] w, float[] u, int ld, int rows, int cols, float[] in, float[] g,
                         float eta, float mu, float decay, float shrink) {
        int bound = S.loopBound(rows);
        for (int j = 0; j < cols; j++) {
            int base = j * ld;
            float c = eta * in[j];
            for (int i = 0; i < bound; i += L) {
                FloatVector step = FloatVector.fromArray(S, u, base + i).mul(mu)
                        .add(FloatVector.fromArray(S, g, i).mul(c));
                step.intoArray(u, base + i);
                finish(FloatVector.fromArray(S, w, base + i).add(step), decay, shrink).intoArray(w, base + i);
            }
            ScalarKernels.momentumColumn(w, u, base, bound, rows, c, g, mu, decay, shrink);
        }
    }

    @Override
    public void rmsProp(float[] w, float[] s, float[] u, int ld, int rows, int cols, float[] in, float[] g,
                        float eta, float rho, float eps, float mu, float decay, float shrink) {
        int bound = S.loopBound(rows);
        float rho1 = 1f - rho;
        for (int j = 0; j < cols; j++) {
            int base = j * ld;
            float xj = in[j];
            for (int i = 0; i < bound; i += L) {
                int k = base + i;
                FloatVector grad = FloatVector.fromArray(S, g, i).mul(xj);
                FloatVector ms = FloatVector.fromArray(S, s, k).mul(rho).add(grad.mul(rho1).mul(grad));
                ms.intoArray(s, k);
                FloatVector step = grad.mul(eta).div(ms.add(eps).lanewise(VectorOperators.SQRT));
                if (u != null) {
                    step = FloatVector.fromArray(S, u, k).mul(mu).add(step);
                    step.intoArray(u, k);
                }
                finish(FloatVector.fromArray(S, w, k).add(step), decay, shrink).intoArray(w, k);
            }
            ScalarKernels.rmsPropColumn(w, s, u, base, bound, rows, xj, g, eta, rho, eps, mu, decay, shrink);
        }
    }

    private static FloatVector finish(FloatVector sum, float decay, float shrink) {
        FloatVector v = decay == 1f ? sum : sum.mul(decay);
        if (shrink == 0f) {
            return v;
        }
        return v.sub(shrink).max(0f).blend(v.add(shrink).min(0f), v.lt(0f));
    }
}
