package io.livedecode.decoder.bench;

import io.livedecode.simulator.source.TransformedSource;
import io.livedecode.simulator.source.TrialSource;

/**
 * A trial source whose responses are z-scored per neuron with the mean and standard deviation of
 * its first {@code n} trials only (a neuron that never varied there reads 0), as the teaching
 * exercise z-scores its data before decoding. Ridge on z-scored responses penalises every neuron
 * alike whatever its response scale; on raw responses the loudest neurons would dominate.
 */
final class StandardizedSource extends TransformedSource {
    private final float[] mean;
    private final float[] inverseSd;

    StandardizedSource(TrialSource base, int n) {
        super(base);
        int neurons = base.neurons();
        double[] sum = new double[neurons];
        double[] squares = new double[neurons];
        // Shifted sums (by the first trial) keep the variance accurate when the mean dwarfs the spread.
        float[] shift = base.trial(0).responses();
        for (int t = 0; t < n; t++) {
            float[] x = base.trial(t).responses();
            for (int k = 0; k < neurons; k++) {
                double d = (double) x[k] - shift[k];
                sum[k] += d;
                squares[k] += d * d;
            }
        }
        mean = new float[neurons];
        inverseSd = new float[neurons];
        for (int k = 0; k < neurons; k++) {
            double m = sum[k] / n;
            double variance = Math.max(0, squares[k] / n - m * m);
            mean[k] = (float) (shift[k] + m);
            inverseSd[k] = variance > 0 ? (float) (1 / Math.sqrt(variance)) : 0f;
        }
    }

    @Override
    protected void rewrite(int index, float[] x) {
        for (int k = 0; k < x.length; k++) {
            x[k] = (x[k] - mean[k]) * inverseSd[k];
        }
    }
}
