package io.livedecode.simulator.calibration;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The trials-by-trials inner products {@code G[i][j] = sum_k x[k][i] x[k][j]} of a neuron-major
 * matrix, in tiles sized for the caches so the inner loop is a vectorisable multiply-add over
 * trials. Partial sums of a block of neurons are accumulated in float and added into the double
 * result, so rounding stays at float precision of one block rather than of all neurons.
 */
final class GramMatrix {

    private static final int COLUMN_BLOCK = 512;
    private static final int NEURON_BLOCK = 128;

    private GramMatrix() {
    }

    static double[][] of(float[][] x) {
        int n = x[0].length;
        double[][] gram = new double[n][n];
        int blocks = (n + COLUMN_BLOCK - 1) / COLUMN_BLOCK;
        // Later column blocks have more rows above the diagonal: start them first.
        IntStream.range(0, blocks).parallel().map(b -> blocks - 1 - b).forEach(block -> columnBlock(x, gram, block));
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                gram[i][j] = gram[j][i];
            }
        }
        return gram;
    }

    // Fills G[i][j0 .. j0 + width) for every row i above the block's last column.
    private static void columnBlock(float[][] x, double[][] gram, int block) {
        int n = x[0].length;
        int p = x.length;
        int j0 = block * COLUMN_BLOCK;
        int width = Math.min(n, j0 + COLUMN_BLOCK) - j0;
        int rows = j0 + width;
        // The block's columns are copied into arrays of their own that start at index 0: with the
        // same index on both sides the JIT can vectorise the update without proving that the
        // accumulator and the panel are different arrays, which an offset would require.
        float[][] panel = new float[NEURON_BLOCK][width];
        float[] acc = new float[width];
        for (int k0 = 0; k0 < p; k0 += NEURON_BLOCK) {
            int count = Math.min(p, k0 + NEURON_BLOCK) - k0;
            for (int k = 0; k < count; k++) {
                System.arraycopy(x[k0 + k], j0, panel[k], 0, width);
            }
            for (int i = 0; i < rows; i++) {
                int k = 0;
                for (; k + 3 < count; k += 4) {
                    update4(acc, x[k0 + k][i], x[k0 + k + 1][i], x[k0 + k + 2][i], x[k0 + k + 3][i],
                            panel[k], panel[k + 1], panel[k + 2], panel[k + 3]);
                }
                for (; k < count; k++) {
                    update1(acc, x[k0 + k][i], panel[k]);
                }
                double[] target = gram[i];
                for (int j = 0; j < width; j++) {
                    target[j0 + j] += acc[j];
                }
                Arrays.fill(acc, 0f);
            }
        }
    }

    private static void update4(float[] acc, float s0, float s1, float s2, float s3,
                                float[] r0, float[] r1, float[] r2, float[] r3) {
        for (int j = 0; j < acc.length; j++) {
            acc[j] += s0 * r0[j] + s1 * r1[j] + s2 * r2[j] + s3 * r3[j];
        }
    }

    private static void update1(float[] acc, float s, float[] r) {
        for (int j = 0; j < acc.length; j++) {
            acc[j] += s * r[j];
        }
    }
}
