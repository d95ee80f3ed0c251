package io.livedecode.decoder.model;

import java.util.SplittableRandom;

/**
 * A small seeded population of direction-tuned neurons for tests: each neuron has a von Mises
 * tuning curve (random preferred angle, concentration, amplitude and baseline), trials draw a
 * uniformly random stimulus, a shared multiplicative gain, and independent Gaussian noise whose
 * variance grows with the mean (responses are clipped at zero, like deconvolved activity).
 */
final class VonMisesPopulation {
    private final int neurons;
    private final double[] preferred;
    private final double[] kappa;
    private final double[] amplitude;
    private final double[] baseline;
    private final double noise;
    private final long seed;

    VonMisesPopulation(int neurons, double noise, long seed) {
        this.neurons = neurons;
        this.noise = noise;
        this.seed = seed;
        SplittableRandom r = new SplittableRandom(seed);
        preferred = new double[neurons];
        kappa = new double[neurons];
        amplitude = new double[neurons];
        baseline = new double[neurons];
        for (int i = 0; i < neurons; i++) {
            preferred[i] = r.nextDouble(2 * Math.PI);
            kappa[i] = Math.exp(Math.log(3.8) + 0.8 * r.nextGaussian());
            amplitude[i] = 2 + 8 * r.nextDouble();
            baseline[i] = 1 + 4 * r.nextDouble();
        }
    }

    int neurons() {
        return neurons;
    }

    /** The stimulus of trial {@code t}, uniform in [0, 360). */
    double stimulus(int t) {
        return new SplittableRandom(seed * 31 + t).nextDouble(360);
    }

    /** The responses of trial {@code t}; the same t always gives the same responses. */
    float[] responses(int t) {
        SplittableRandom r = new SplittableRandom(seed * 31 + t);
        double theta = Math.toRadians(r.nextDouble(360));
        double gain = Math.exp(0.1 * r.nextGaussian());
        float[] x = new float[neurons];
        for (int i = 0; i < neurons; i++) {
            double mean = gain * (baseline[i] + amplitude[i] * Math.exp(kappa[i] * (Math.cos(theta - preferred[i]) - 1)));
            x[i] = (float) Math.max(0, mean + noise * Math.sqrt(mean) * r.nextGaussian());
        }
        return x;
    }
}
