package io.livedecode.simulator.synthetic;

/**
 * How a single response scatters around its mean {@code m} (after the shared gain and latent
 * factors). {@code p} is {@link FamilyNoise#parameter()}.
 */
public enum NoiseFamily {
    /** {@code m * Gamma(p, 1 / p)}: multiplicative, coefficient of variation {@code 1 / sqrt(p)}, {@code p >= 1}. */
    GAMMA,
    /** {@code Poisson(m)}: spike counts, Fano factor 1; {@code m} is in expected counts. */
    POISSON,
    /**
     * {@code Poisson(m * Gamma(p, 1 / p))}: over-dispersed counts with Fano factor {@code 1 + m / p},
     * {@code p >= 1}.
     */
    NEGATIVE_BINOMIAL,
    /**
     * {@code m + p * a * N(0, 1)} with {@code a} the neuron's amplitude: additive noise like dF/F
     * traces, which can go negative; the signal-to-noise ratio does not depend on the response scale.
     */
    GAUSSIAN
}
