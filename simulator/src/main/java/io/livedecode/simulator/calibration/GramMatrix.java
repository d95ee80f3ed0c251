package io.livedecode.simulator.calibration;

import java.util.stream.IntStream;

/**
 * The trials-by-trials inner products {@code G[i][j] = sum_k x[k][i] x[k][j]} of a neuron-major
 * matrix, in tiles sized for the caches so the inner loop is a vectorisable multiply-add over
 * trials. Partial sums of a block of neurons are accumulated in float and added into the double
 * result, so rounding stays at float precision of one block rather than of all neurons.
 */
final class GramMatrix {

    private static final int COLUMN_BLOCK = 256;
    private static final int NEURON_BLOCK = 128;

    private GramMatrix() {
    }

    static double[][] of(float[][] x) {
        int n = x[0].length;
        int p = x.length;
        double[][] gram = new double[n][n];
        int blocks = (n + COLUMN_BLOCK - 1) / COLUMN_BLOCK;
        // Later column blocks have more rows above the diagonal: start them first.
        IntStream.range(0, blocks).parallel().map(b -> blocks - 1 - b).forEach(block -> {
            int j0 = block * COLUMN_BLOCK;
            int width = Math.min(n, j0 + COLUMN_BLOCK) - j0;
            int rows = j0 + width;
            float[] acc = new float[width];
            for (int k0 = 0; k0 < p; k0 += NEURON_BLOCK) {
                int k1 = Math.min(p, k0 + NEURON_BLOCK);
                for (int i = 0; i < rows; i++) {
                    java.util.Arrays.fill(acc, 0f);
                    accumulate(x, i, k0, k1, j0, width, acc);
                    double[] target = gram[i];
                    for (int j = 0; j < width; j++) {
                        target[j0 + j] += acc[j];
                    }
                }
            }
        });
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                gram[i][j] = gram[j][i];
            }
        }
        return gram;
    }

    private static void accumulate(float[][] x, int i, int k0, int k1, int j0, int width, float[] acc) {
        int k = k0;
        for (; k + 3 < k1; k += 4) {
            float s0 = x[k][i];
            float s1 = x[k + 1][i];
            float s2 = x[k + 2][i];
            float s3 = x[k + 3][i];
            float[] r0 = x[k];
            float[] r1 = x[k + 1];
            float[] r2 = x[k + 2];
            float[] r3 = x[k + 3];
            for (int j = 0; j < width; j++) {
                acc[j] += s0 * r0[j0 + j] + s1 * r1[j0 + j] + s2 * r2[j0 + j] + s3 * r3[j0 + j];
            }
        }
        for (; k < k1; k++) {
            float s = x[k][i];
            float[] r = x[k];
            for (int j = 0; j < width; j++) {
                acc[j] += s * r[j0 + j];
            }
        }
    }
}
