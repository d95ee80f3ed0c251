package io.livedecode.decoder.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The SIMD kernels must produce exactly the scalar kernels' bits, including the column tails. */
class WeightKernelsTest {
    private static final WeightKernels SCALAR = WeightKernels.scalar();
    private static final WeightKernels VECTOR = VectorKernels.INSTANCE;

    @Test
    void vectorKernelsAreSelectedWhenTheModuleIsPresent() {
        assertSame(VECTOR, KernelSelection.SINGLE, "surefire runs with --add-modules jdk.incubator.vector");
    }

    @Test
    void affineMatchesBitForBit() {
        for (int rows : new int[] {1, 2, 7, 16, 37, 200}) {
            Case c = new Case(rows, 103, rows > 64 ? rows + 5 : rows);
            float[] a = new float[rows];
            float[] b = new float[rows];
            SCALAR.affine(c.w, c.ld, rows, c.cols, c.x, c.bias, a, new float[0]);
            VECTOR.affine(c.w, c.ld, rows, c.cols, c.x, c.bias, b, new float[0]);
            assertArrayEquals(a, b, "rows " + rows);
        }
    }

    @Test
    void updatesMatchBitForBit() {
        for (int shape = 0; shape < 12; shape++) {
            int rows = new int[] {2, 19, 29, 64, 200, 203}[shape % 6];
            // Padded columns, then unpadded ones as hidden layers store them.
            int pad = shape < 6 ? 3 : 0;
            for (float shrink : new float[] {0f, 1e-3f}) {
                for (float decay : new float[] {1f, 0.999f}) {
                    Case s = new Case(rows, 57, rows + pad);
                    Case v = new Case(rows, 57, rows + pad);
                    SCALAR.sgd(s.w, s.ld, rows, s.cols, s.x, s.g, 0.1f, decay, shrink);
                    VECTOR.sgd(v.w, v.ld, rows, v.cols, v.x, v.g, 0.1f, decay, shrink);
                    assertArrayEquals(s.w, v.w);
                    SCALAR.momentum(s.w, s.u, s.ld, rows, s.cols, s.x, s.g, 0.1f, 0.9f, decay, shrink);
                    VECTOR.momentum(v.w, v.u, v.ld, rows, v.cols, v.x, v.g, 0.1f, 0.9f, decay, shrink);
                    assertArrayEquals(s.w, v.w);
                    assertArrayEquals(s.u, v.u);
                    for (boolean withMomentum : new boolean[] {false, true}) {
                        SCALAR.rmsProp(s.w, s.s, withMomentum ? s.u : null, s.ld, rows, s.cols, s.x, s.g,
                                0.01f, 0.9f, 1e-8f, 0.5f, decay, shrink);
                        VECTOR.rmsProp(v.w, v.s, withMomentum ? v.u : null, v.ld, rows, v.cols, v.x, v.g,
                                0.01f, 0.9f, 1e-8f, 0.5f, decay, shrink);
                        assertArrayEquals(s.w, v.w);
                        assertArrayEquals(s.s, v.s);
                        assertArrayEquals(s.u, v.u);
                    }
                }
            }
        }
    }

    @Test
    void adamAndTheL1SubgradientMatchBitForBit() {
        for (int shape = 0; shape < 12; shape++) {
            int rows = new int[] {2, 19, 29, 64, 200, 203}[shape % 6];
            // Padded columns, then unpadded ones as hidden layers store them.
            int pad = shape < 6 ? 3 : 0;
            for (float decay : new float[] {1f, 0.999f}) {
                Case s = new Case(rows, 57, rows + pad);
                Case v = new Case(rows, 57, rows + pad);
                for (int t = 1; t <= 3; t++) {
                    float step = (float) (1e-3 / (1 - Math.pow(0.9, t)));
                    float root = (float) Math.sqrt(1 - Math.pow(0.999, t));
                    SCALAR.adam(s.w, s.u, s.s, s.ld, rows, s.cols, s.x, s.g, step, 0.9f, 0.999f, 1e-8f, root, decay, 1e-5f);
                    VECTOR.adam(v.w, v.u, v.s, v.ld, rows, v.cols, v.x, v.g, step, 0.9f, 0.999f, 1e-8f, root, decay, 1e-5f);
                    assertArrayEquals(s.w, v.w);
                    assertArrayEquals(s.u, v.u);
                    assertArrayEquals(s.s, v.s);
                }
                SCALAR.l1Subgradient(s.w, s.ld, rows, s.cols, 1e-3f);
                VECTOR.l1Subgradient(v.w, v.ld, rows, v.cols, 1e-3f);
                assertArrayEquals(s.w, v.w);
            }
        }
    }

    @Test
    void theForwardProductOfAnyColumnRangeMatchesBitForBitAtAnyOffset() {
        int lanes = VectorKernels.lanes();
        // Every count of rows up to three whole vectors and a half one, over a run of columns from the
        // first and from inside, into a work array at its start and further in, as a block of a split
        // pass sums.
        // Columns padded, and unpadded as hidden layers store them (the last column ends the array).
        for (int rows = 1; rows <= 4 * lanes; rows++) {
            for (int pad : new int[] {0, 3}) {
                for (int from : new int[] {0, 11}) {
                    for (int at : new int[] {0, 7, 2 * lanes}) {
                        Case c = new Case(rows, 29, rows + pad);
                        float[] a = Case.fill(new SplittableRandom(rows), at + rows + 5, 1);
                        float[] b = a.clone();
                        SCALAR.affineColumns(c.w, c.ld, rows, from, c.cols, c.x, a, at);
                        VECTOR.affineColumns(c.w, c.ld, rows, from, c.cols, c.x, b, at);
                        assertArrayEquals(a, b, rows + " rows, ld " + c.ld + ", columns " + from + ".., at " + at);
                    }
                }
            }
        }
    }

    @Test
    void theForwardProductSumsFixedColumnBlocksAndThenAddsThemInOrder() {
        int block = WeightKernels.BLOCK_COLUMNS;
        for (int cols : new int[] {1, block, block + 1, 3 * block + 5, 11 * block + 1061}) {
            for (WeightKernels k : new WeightKernels[] {SCALAR, VECTOR}) {
                int rows = 37;
                Case c = new Case(rows, cols, rows + 3);
                float[] out = new float[rows];
                k.affine(c.w, c.ld, rows, cols, c.x, c.bias, out, new float[WeightKernels.partialsLength(rows, cols)]);
                int blocks = (cols + block - 1) / block;
                assertEquals(blocks, WeightKernels.blocks(cols));
                // The order written out by hand: each block summed on its own in column order, the
                // first onto the bias, then the blocks' sums added one after the other.
                float[] expected = new float[rows];
                for (int i = 0; i < rows; i++) {
                    float total = 0f;
                    for (int b = 0; b < blocks; b++) {
                        float sum = b == 0 ? c.bias[i] : 0f;
                        for (int j = (int) ((long) cols * b / blocks); j < (long) cols * (b + 1) / blocks; j++) {
                            sum = sum + c.w[j * c.ld + i] * c.x[j];
                        }
                        total = b == 0 ? sum : total + sum;
                    }
                    expected[i] = total;
                }
                assertArrayEquals(expected, out, cols + " columns");
            }
        }
    }

    @Test
    void adamsFirstStepMovesEveryWeightByTheStepSizeAgainstItsGradient() {
        float[] w = {0f, 0f, 0f, 0f};
        float[] m = new float[4];
        float[] v = new float[4];
        // Bias-corrected: m / (1 - b1) = G and sqrt(v / (1 - b2)) = |G|, whatever the gradient's scale.
        SCALAR.adam(w, m, v, 2, 2, 2, new float[] {1f, 1e-3f}, new float[] {2f, -50f}, 0.1f / 0.1f, 0.9f, 0.999f,
                1e-12f, (float) Math.sqrt(0.001), 1f, 0f);
        assertArrayEquals(new float[] {0.1f, -0.1f, 0.1f, -0.1f}, w, 1e-5f);
    }

    @Test
    void theL1SubgradientStepsEveryWeightTowardsZeroAndCrossesIt() {
        float[] w = {0.5f, -0.5f, 0.0005f, 0f};
        SCALAR.l1Subgradient(w, 4, 4, 1, 0.001f);
        assertArrayEquals(new float[] {0.499f, -0.499f, -0.0005f, 0f}, w, 1e-7f);
    }

    @Test
    void forgettingStandardisationMatchesBitForBitAndIsWelfordWhenNothingIsForgotten() {
        int n = 1003;
        SplittableRandom r = new SplittableRandom(5);
        float[] x = new float[n];
        double[] mean = new double[n];
        double[] m2 = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) Math.exp(r.nextGaussian());
            mean[i] = 1 + r.nextDouble();
            m2[i] = i % 10 == 0 ? 0 : 5 * r.nextDouble();
        }
        double[][] next = {new double[n], new double[n], new double[n], new double[n]};
        float[] zs = new float[n];
        float[] zv = new float[n];
        float ms = SCALAR.includeForgetting(x, mean, m2, next[0], next[1], 0.01, 0.99, 0.03, zs, n);
        float mv = VECTOR.includeForgetting(x, mean, m2, next[2], next[3], 0.01, 0.99, 0.03, zv, n);
        assertArrayEquals(zs, zv);
        assertArrayEquals(next[0], next[2]);
        assertArrayEquals(next[1], next[3]);
        assertEquals(ms, mv);
        float[] zw = new float[n];
        SCALAR.include(x, mean, m2, next[2], next[3], 1 / 8.0, 0.03, zw, n);
        SCALAR.includeForgetting(x, mean, m2, next[0], next[1], 1 / 8.0, 1, 0.03, zs, n);
        assertArrayEquals(next[2], next[0]);
        assertArrayEquals(next[3], next[1]);
        assertArrayEquals(zw, zs);
        float[] bad = x.clone();
        bad[n - 2] = Float.NaN;
        assertEquals(Float.NaN, VECTOR.includeForgetting(bad, mean, m2, next[2], next[3], 0.01, 0.99, 0.03, zv, n));
    }

    @Test
    void standardisationMatchesBitForBitAndFlagsNonFiniteInput() {
        int n = 1003;
        SplittableRandom r = new SplittableRandom(4);
        float[] x = new float[n];
        double[] mean = new double[n];
        double[] m2 = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) Math.exp(r.nextGaussian());
            mean[i] = 1 + r.nextDouble();
            m2[i] = i % 10 == 0 ? 0 : 5 * r.nextDouble();
        }
        double[][] next = {new double[n], new double[n], new double[n], new double[n]};
        float[] zs = new float[n];
        float[] zv = new float[n];
        float ms = SCALAR.include(x, mean, m2, next[0], next[1], 1 / 7.0, 0.03, zs, n);
        float mv = VECTOR.include(x, mean, m2, next[2], next[3], 1 / 7.0, 0.03, zv, n);
        assertArrayEquals(zs, zv);
        assertArrayEquals(next[0], next[2]);
        assertArrayEquals(next[1], next[3]);
        assertEquals(ms, mv);
        assertEquals(SCALAR.standardize(x, mean, m2, 1 / 6.0, 0.03, zs, n),
                VECTOR.standardize(x, mean, m2, 1 / 6.0, 0.03, zv, n));
        assertArrayEquals(zs, zv);
        for (int bad : new int[] {3, n - 1}) {
            float[] y = x.clone();
            y[bad] = Float.POSITIVE_INFINITY;
            assertEquals(Float.NaN, SCALAR.standardize(y, mean, m2, 0.5, 1, zs, n));
            assertEquals(Float.NaN, VECTOR.standardize(y, mean, m2, 0.5, 1, zv, n));
            assertEquals(Float.NaN, VECTOR.include(y, mean, m2, next[2], next[3], 0.5, 1, zv, n));
        }
    }

    @Test
    void decayingStateIsFlushedToZeroInsteadOfBecomingSubnormal() {
        for (WeightKernels k : new WeightKernels[] {SCALAR, VECTOR}) {
            int rows = 37;
            float[] w = new float[rows];
            float[] u = new float[rows];
            float[] s = new float[rows];
            java.util.Arrays.fill(w, 1e-3f);
            java.util.Arrays.fill(u, 1e-3f);
            java.util.Arrays.fill(s, 1e-3f);
            float[] zeroInput = {0f};
            float[] g = new float[rows];
            for (int t = 0; t < 2000; t++) {
                k.momentum(w, u, rows, rows, 1, zeroInput, g, 0.1f, 0.9f, 0.95f, 0f);
                k.rmsProp(w, s, null, rows, rows, 1, zeroInput, g, 0.1f, 0.9f, 1e-8f, 0f, 1f, 0f);
            }
            for (float[] a : new float[][] {w, u, s}) {
                for (float v : a) {
                    assertEquals(0f, v, "decayed to exactly zero, never subnormal");
                }
            }
        }
    }

    @Test
    void softThresholdShrinksTowardsZeroAndStopsThere() {
        float[] w = {0.5f, -0.5f, 0.0005f, -0.0005f};
        float[] g = {0f, 0f, 0f, 0f};
        SCALAR.sgd(w, 4, 4, 1, new float[] {1f}, g, 0.1f, 1f, 0.001f);
        assertArrayEquals(new float[] {0.499f, -0.499f, 0f, 0f}, w, 1e-7f);
        assertEquals(0, Float.floatToRawIntBits(w[2]), "exactly +0");
        assertEquals(0, Float.floatToRawIntBits(w[3]), "exactly +0");
    }

    @Test
    void sgdStepAddsLearningRateTimesErrorTimesInput() {
        float[] w = {1f, 2f, 3f, 4f};
        SCALAR.sgd(w, 2, 2, 2, new float[] {1f, 2f}, new float[] {0.5f, -1f}, 0.1f, 1f, 0f);
        assertArrayEquals(new float[] {1.05f, 1.9f, 3.1f, 3.8f}, w, 1e-6f);
        float[] y = new float[2];
        SCALAR.affine(new float[] {1f, 2f, 3f, 4f}, 2, 2, 2, new float[] {1f, 1f}, new float[] {0.5f, 0f}, y, new float[0]);
        assertEquals(4.5f, y[0]);
        assertEquals(6f, y[1]);
    }

    /** Random matrices with padding between columns (Smile's leading dimension). */
    static final class Case {
        final float[] w;
        final float[] u;
        final float[] s;
        final float[] x;
        final float[] g;
        final float[] bias;
        final int ld;
        final int cols;

        Case(int rows, int cols, int ld) {
            SplittableRandom r = new SplittableRandom(rows * 1000L + cols);
            this.ld = ld;
            this.cols = cols;
            w = fill(r, ld * cols, 0.1);
            u = fill(r, ld * cols, 0.01);
            s = new float[ld * cols];
            for (int i = 0; i < s.length; i++) {
                s[i] = (float) (r.nextDouble() * 1e-4);
            }
            x = fill(r, cols, 1);
            g = fill(r, rows, 0.5);
            bias = fill(r, rows, 0.1);
        }

        /** {@code n} Gaussian draws times {@code scale}, as floats. */
        static float[] fill(SplittableRandom r, int n, double scale) {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) {
                a[i] = (float) (scale * r.nextGaussian());
            }
            return a;
        }
    }
}
