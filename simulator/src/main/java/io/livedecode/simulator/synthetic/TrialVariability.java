package io.livedecode.simulator.synthetic;

/**
 * How a single trial departs from the mean tuning. Three sources, applied in this order:
 * the whole population sees the stimulus as if it were rotated by a shared Gaussian jitter
 * (the kind of correlated noise that bounds what any decoder can recover, since it is
 * indistinguishable from a change of stimulus); a shared log-normal gain scales every neuron
 * (arousal-like co-fluctuation); and each response is the resulting mean times independent
 * gamma noise of mean 1, so variability grows with the response as in deconvolved calcium data.
 *
 * @param noiseShape            shape of the per-response gamma noise, at least 1; its coefficient
 *                              of variation is {@code 1 / sqrt(noiseShape)}
 * @param gainSpread            standard deviation of the log of the shared per-trial gain (mean 1)
 * @param stimulusJitterDegrees standard deviation of the shared per-trial stimulus jitter, degrees
 */
public record TrialVariability(double noiseShape, double gainSpread, double stimulusJitterDegrees) {

    /** Figures that reproduce the Stringer et al. 2019 reliability and decoding error. */
    public static TrialVariability defaults() {
        return new TrialVariability(3.5, 0.15, 1.0);
    }

    public TrialVariability {
        // The gamma sampler's fast rejection scheme needs shape >= 1; below it the noise would
        // also be dominated by near-zero responses, unlike the data this imitates.
        if (!(noiseShape >= 1) || !Double.isFinite(noiseShape)) {
            throw new IllegalArgumentException("noiseShape must be finite and at least 1, got " + noiseShape);
        }
        Checks.nonNegativeFinite("gainSpread", gainSpread);
        Checks.nonNegativeFinite("stimulusJitterDegrees", stimulusJitterDegrees);
    }
}
