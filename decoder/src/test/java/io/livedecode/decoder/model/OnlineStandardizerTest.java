package io.livedecode.decoder.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OnlineStandardizerTest {

    @Test
    void standardisesWithRunningMeanAndVarianceScaledByRootN() {
        int n = 4;
        int frames = 50;
        SplittableRandom r = new SplittableRandom(1);
        float[][] x = new float[frames][n];
        OnlineStandardizer s = new OnlineStandardizer(n, WeightKernels.best());
        float[] z = new float[n];
        for (int t = 0; t < frames; t++) {
            for (int i = 0; i < n; i++) {
                x[t][i] = (float) (10 * i + (i + 1) * r.nextGaussian());
            }
            s.include(x[t], z);
            s.commit();
        }
        float[] probe = {1, 12, 19, 33};
        s.standardize(probe, z);
        for (int i = 0; i < n; i++) {
            double mean = 0;
            for (float[] row : x) {
                mean += row[i];
            }
            mean /= frames;
            double var = 0;
            for (float[] row : x) {
                var += (row[i] - mean) * (row[i] - mean);
            }
            var /= frames;
            assertEquals((probe[i] - mean) / Math.sqrt(var) / Math.sqrt(n), z[i], 1e-5);
        }
        assertEquals(frames, s.count());
    }

    @Test
    void uncommittedStatisticsAreDiscardedAndEarlyValuesAreBounded() {
        OnlineStandardizer s = new OnlineStandardizer(2, WeightKernels.best());
        float[] z = new float[2];
        assertEquals(0f, s.include(new float[] {5, 7}, z), "one frame: no spread yet, zero input");
        s.commit();
        float max = s.include(new float[] {9, 7}, z);
        // Two frames: the new one is one standard deviation away; a constant neuron contributes zero.
        assertEquals((float) (1 / Math.sqrt(2)), z[0], 1e-6f);
        assertEquals(0f, z[1]);
        assertEquals(z[0], max);
        s.include(new float[] {1000, 1000}, z);
        s.standardize(new float[] {9, 7}, z);
        assertEquals(0f, z[0], "the pending 1000 was never committed: only the frame (5, 7) counts");
        assertEquals(1, s.count());
    }
}
