package io.livedecode.simulator.synthetic;

import java.util.Objects;

/**
 * Everything that defines a synthetic session: its size, the stimulus space, the seed, and how
 * tuning, timing and trial-to-trial variability are distributed. Equal configs give bit-identical
 * sessions.
 *
 * @param neurons       number of neurons (responses per trial)
 * @param trials        number of trials (stimulus presentations)
 * @param periodDegrees 360 for drifting gratings (direction, with direction selectivity) or 180
 *                      for static gratings (orientation only: both lobes equal)
 * @param seed          seed of every random draw
 * @param timing        when trials are acquired
 * @param tuning        how tuning parameters are spread over neurons
 * @param variability   how single trials depart from the mean tuning
 */
public record PopulationConfig(
        int neurons,
        int trials,
        double periodDegrees,
        long seed,
        SessionTiming timing,
        TuningDistribution tuning,
        TrialVariability variability) {

    /** Neurons in the Stringer et al. 2019 orientation recording. */
    public static final int STRINGER_NEURONS = 23_589;
    /** Trials in the Stringer et al. 2019 orientation recording. */
    public static final int STRINGER_TRIALS = 4_598;

    /** The full-size session shaped like the Stringer et al. 2019 recording, seed 1. */
    public static PopulationConfig defaults() {
        return new PopulationConfig(STRINGER_NEURONS, STRINGER_TRIALS, 360.0, 1L,
                SessionTiming.defaults(), TuningDistribution.defaults(), TrialVariability.defaults());
    }

    public PopulationConfig {
        Checks.positive("neurons", neurons);
        Checks.positive("trials", trials);
        if (periodDegrees != 360.0 && periodDegrees != 180.0) {
            throw new IllegalArgumentException(
                    "periodDegrees must be 360 (direction) or 180 (orientation), got " + periodDegrees);
        }
        Objects.requireNonNull(timing, "timing");
        Objects.requireNonNull(tuning, "tuning");
        Objects.requireNonNull(variability, "variability");
    }

    public PopulationConfig withNeurons(int newNeurons) {
        return new PopulationConfig(newNeurons, trials, periodDegrees, seed, timing, tuning, variability);
    }

    public PopulationConfig withTrials(int newTrials) {
        return new PopulationConfig(neurons, newTrials, periodDegrees, seed, timing, tuning, variability);
    }

    public PopulationConfig withSeed(long newSeed) {
        return new PopulationConfig(neurons, trials, periodDegrees, newSeed, timing, tuning, variability);
    }

    public PopulationConfig withPeriodDegrees(double newPeriod) {
        return new PopulationConfig(neurons, trials, newPeriod, seed, timing, tuning, variability);
    }

    public PopulationConfig withTuning(TuningDistribution newTuning) {
        return new PopulationConfig(neurons, trials, periodDegrees, seed, timing, newTuning, variability);
    }

    public PopulationConfig withVariability(TrialVariability newVariability) {
        return new PopulationConfig(neurons, trials, periodDegrees, seed, timing, tuning, newVariability);
    }

    public PopulationConfig withTiming(SessionTiming newTiming) {
        return new PopulationConfig(neurons, trials, periodDegrees, seed, newTiming, tuning, variability);
    }
}
