package io.livedecode.simulator.calibration;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LinearAlgebraTest {

    @Test
    void gramMatrixMatchesTheDefinitionAcrossBlockEdges() {
        // 600 trials span two column blocks, 131 neurons leave a remainder in the neuron blocks.
        int neurons = 131;
        int trials = 600;
        float[][] x = random(neurons, trials, 1);
        double[][] gram = GramMatrix.of(x);
        for (int i = 0; i < trials; i += 7) {
            for (int j = 0; j < trials; j += 3) {
                double expected = 0;
                for (int k = 0; k < neurons; k++) {
                    expected += (double) x[k][i] * x[k][j];
                }
                assertEquals(expected, gram[i][j], 1e-4 * (1 + Math.abs(expected)), "G[" + i + "][" + j + "]");
                assertEquals(gram[i][j], gram[j][i]);
            }
        }
    }

    @Test
    void conjugateGradientSolvesTheCentredRidgeSystem() {
        int trials = 120;
        float[][] x = random(400, trials, 2);
        double[][] gram = GramMatrix.of(x);
        CenteredKernel kernel = new CenteredKernel(gram, 100);
        SplittableRandom random = new SplittableRandom(3);
        double[][] y = new double[2][100];
        for (int i = 0; i < 100; i++) {
            y[0][i] = random.nextGaussian();
            y[1][i] = random.nextGaussian();
        }
        double lambda = 0.05 * kernel.meanDiagonal();
        double[][] alpha = new double[2][100];
        kernel.solve(lambda, y, alpha);
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < 100; i++) {
                double lhs = lambda * alpha[c][i];
                for (int j = 0; j < 100; j++) {
                    lhs += kernel.entry(i, j) * alpha[c][j];
                }
                assertEquals(y[c][i], lhs, 1e-4, "row " + i + " of column " + c);
            }
        }
        // A row outside the block is centred on the block's mean too.
        double direct = 0;
        for (int j = 0; j < 100; j++) {
            direct += kernel.entry(110, j) * alpha[0][j];
        }
        assertEquals(direct, kernel.apply(110, alpha[0]), 1e-9);
    }

    private static float[][] random(int rows, int columns, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] x = new float[rows][columns];
        for (float[] row : x) {
            for (int j = 0; j < columns; j++) {
                row[j] = (float) (3 + random.nextGaussian());
            }
        }
        return x;
    }
}
