package io.livedecode.simulator.synthetic;

import java.util.Objects;

/**
 * How single trials of a {@link FamilyPopulation} depart from the mean tuning, in the order they
 * are applied: a shared stimulus jitter (the population responds as if the stimulus were rotated,
 * which no decoder can undo), a shared log-normal gain on every mean, {@code latentFactors} shared
 * Gaussian factors added to each mean through random per-neuron loadings (correlated noise
 * independent of the stimulus, scaled by each neuron's amplitude; the mean is then clipped at 0),
 * and finally independent per-response noise of the given family.
 *
 * @param family                per-response noise family
 * @param parameter             the family's parameter (see {@link NoiseFamily}); ignored by POISSON
 * @param gainSpread            standard deviation of the log of the shared per-trial gain
 * @param latentFactors         number of shared latent factors, 0 for none
 * @param latentStrength        standard deviation of the latent term, in units of each neuron's amplitude
 * @param stimulusJitterDegrees standard deviation of the shared per-trial stimulus jitter
 */
public record FamilyNoise(
        NoiseFamily family,
        double parameter,
        double gainSpread,
        int latentFactors,
        double latentStrength,
        double stimulusJitterDegrees) {

    public FamilyNoise {
        Objects.requireNonNull(family, "family");
        if ((family == NoiseFamily.GAMMA || family == NoiseFamily.NEGATIVE_BINOMIAL)
                && !(parameter >= 1 && Double.isFinite(parameter))) {
            throw new IllegalArgumentException(family + " noise needs a shape parameter >= 1, got " + parameter);
        }
        if (family == NoiseFamily.GAUSSIAN) {
            Checks.nonNegativeFinite("parameter", parameter);
        }
        Checks.nonNegativeFinite("gainSpread", gainSpread);
        if (latentFactors < 0 || latentFactors > 64) {
            throw new IllegalArgumentException("latentFactors must be in 0..64, got " + latentFactors);
        }
        Checks.nonNegativeFinite("latentStrength", latentStrength);
        Checks.nonNegativeFinite("stimulusJitterDegrees", stimulusJitterDegrees);
    }
}
