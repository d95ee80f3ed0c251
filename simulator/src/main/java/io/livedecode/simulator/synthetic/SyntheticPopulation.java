package io.livedecode.simulator.synthetic;

import io.livedecode.simulator.source.Trial;
import io.livedecode.simulator.source.TrialSource;

import java.util.Objects;

/**
 * A seeded synthetic session shaped like the Stringer et al. 2019 mouse V1 recording: tuning
 * parameters and the stimulus schedule are drawn once (memory linear in neurons plus trials), and
 * each trial's responses are computed on demand from (seed, trial index), so any trial can be read
 * alone, in any order, always bit for bit the same, and a full session never sits in memory.
 */
public final class SyntheticPopulation implements TrialSource {

    private final PopulationConfig config;
    private final NeuronParameters neurons;
    private final StimulusSchedule schedule;
    private final GammaNoise noise;
    private final double gainSpread;
    private final double jitterRadians;

    public SyntheticPopulation(PopulationConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.neurons = NeuronParameters.draw(config);
        this.schedule = StimulusSchedule.draw(config);
        this.noise = new GammaNoise(config.variability().noiseShape());
        this.gainSpread = config.variability().gainSpread();
        this.jitterRadians = Math.toRadians(config.variability().stimulusJitterDegrees());
    }

    public PopulationConfig config() {
        return config;
    }

    /** The tuning each neuron was given: ground truth to compare measured statistics against. */
    public NeuronParameters parameters() {
        return neurons;
    }

    @Override
    public int neurons() {
        return config.neurons();
    }

    @Override
    public int trials() {
        return config.trials();
    }

    @Override
    public Trial trial(int index) {
        float[] responses = new float[config.neurons()];
        responsesInto(index, responses);
        return new Trial(index, schedule.degrees(index), schedule.acquisitionSeconds(index), responses);
    }

    /** Stimulus angle of trial {@code index}, degrees in [0, period). */
    public double stimulusDegrees(int index) {
        Objects.checkIndex(index, config.trials());
        return schedule.degrees(index);
    }

    /** Acquisition time of trial {@code index}, seconds from the session start. */
    public double acquisitionSeconds(int index) {
        Objects.checkIndex(index, config.trials());
        return schedule.acquisitionSeconds(index);
    }

    /**
     * Writes trial {@code index}'s responses into {@code target} (length {@link #neurons()}), the
     * same values {@link #trial(int)} returns, without allocating.
     */
    public void responsesInto(int index, float[] target) {
        Objects.checkIndex(index, config.trials());
        if (target.length != config.neurons()) {
            throw new IllegalArgumentException(String.format(
                    "target holds %d responses but the population has %d neurons", target.length, config.neurons()));
        }
        SplitMix64 random = new SplitMix64(SeedStreams.derive(config.seed(), SeedStreams.TRIALS, index));
        // Shared draws first, then one stream of per-neuron noise in neuron order.
        double gain = StrictMath.exp(gainSpread * random.nextGaussian() - 0.5 * gainSpread * gainSpread);
        double seen = Math.toRadians(schedule.degrees(index)) + jitterRadians * random.nextGaussian();
        double cosStimulus = StrictMath.cos(seen);
        double sinStimulus = StrictMath.sin(seen);
        for (int n = 0; n < target.length; n++) {
            double mean = neurons.meanResponse(n, cosStimulus, sinStimulus);
            target[n] = (float) (gain * mean * noise.next(random));
        }
    }
}
