package io.livedecode.simulator.synthetic;

import io.livedecode.simulator.source.Trial;
import io.livedecode.simulator.source.TrialSource;
import java.util.Objects;

/**
 * A seeded synthetic session of one generator family (see {@link FamilySpec}): like
 * {@link SyntheticPopulation} it draws the neurons and the stimulus schedule once and computes each
 * trial on demand from (seed, trial index), so any trial reads alone, in any order, always the same
 * bits, but its tuning shape, noise family, correlated noise, share of untuned neurons and response
 * scale are all chosen by the spec, so decoders can be judged on populations they were not tuned on.
 */
public final class FamilyPopulation implements TrialSource {

    private final FamilySpec spec;
    private final FamilyNeurons neurons;
    private final StimulusSchedule schedule;
    private final GammaNoise gamma;
    private final double jitterRadians;

    public FamilyPopulation(FamilySpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.neurons = FamilyNeurons.draw(spec);
        this.schedule = StimulusSchedule.draw(PopulationConfig.defaults().withNeurons(spec.neurons())
                .withTrials(spec.trials()).withPeriodDegrees(spec.periodDegrees()).withSeed(spec.seed()));
        NoiseFamily family = spec.noise().family();
        boolean shaped = family == NoiseFamily.GAMMA || family == NoiseFamily.NEGATIVE_BINOMIAL;
        this.gamma = shaped ? new GammaNoise(spec.noise().parameter()) : null;
        this.jitterRadians = Math.toRadians(spec.noise().stimulusJitterDegrees());
    }

    public FamilySpec spec() {
        return spec;
    }

    /** Preferred direction of every neuron, degrees in [0, 360) (orientation: modulo 180). */
    public double[] preferredDegrees() {
        return neurons.preferredDegrees.clone();
    }

    @Override
    public int neurons() {
        return spec.neurons();
    }

    @Override
    public int trials() {
        return spec.trials();
    }

    @Override
    public Trial trial(int index) {
        float[] responses = new float[spec.neurons()];
        responsesInto(index, responses);
        return new Trial(index, schedule.degrees(index), schedule.acquisitionSeconds(index), responses);
    }

    /** Writes trial {@code index}'s responses into {@code target} (length {@link #neurons()}). */
    public void responsesInto(int index, float[] target) {
        Objects.checkIndex(index, spec.trials());
        if (target.length != spec.neurons()) {
            throw new IllegalArgumentException(String.format(
                    "target holds %d responses but the population has %d neurons", target.length, spec.neurons()));
        }
        FamilyNoise noise = spec.noise();
        SplitMix64 random = new SplitMix64(SeedStreams.derive(spec.seed(), SeedStreams.TRIALS, index));
        // Shared draws first, then the per-neuron noise in neuron order.
        double spread = noise.gainSpread();
        double gain = StrictMath.exp(spread * random.nextGaussian() - 0.5 * spread * spread);
        double seen = Math.toRadians(schedule.degrees(index)) + jitterRadians * random.nextGaussian();
        double[] factors = new double[noise.latentFactors()];
        for (int k = 0; k < factors.length; k++) {
            factors[k] = random.nextGaussian();
        }
        double cosStimulus = StrictMath.cos(seen);
        double sinStimulus = StrictMath.sin(seen);
        double strength = noise.latentStrength();
        for (int n = 0; n < target.length; n++) {
            double mean = gain * neurons.meanResponse(n, cosStimulus, sinStimulus);
            if (factors.length > 0) {
                mean = Math.max(0, mean + strength * neurons.amplitude[n] * neurons.latent(n, factors));
            }
            target[n] = (float) sample(mean, n, random);
        }
    }

    private double sample(double mean, int n, SplitMix64 random) {
        return switch (spec.noise().family()) {
            case GAMMA -> mean * gamma.next(random);
            case POISSON -> CountNoise.poisson(mean, random);
            case NEGATIVE_BINOMIAL -> CountNoise.poisson(mean * gamma.next(random), random);
            case GAUSSIAN -> mean + spec.noise().parameter() * neurons.amplitude[n] * random.nextGaussian();
        };
    }
}
