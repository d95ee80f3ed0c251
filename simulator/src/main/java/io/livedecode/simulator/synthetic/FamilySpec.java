package io.livedecode.simulator.synthetic;

import java.util.Objects;

/**
 * Everything that defines one {@link FamilyPopulation}: a name for reports, the size, the stimulus
 * period, the seed, the tuning and the trial-to-trial variability. Equal specs give bit-identical
 * sessions.
 *
 * @param name          short identifier, e.g. {@code poisson-orientation}
 * @param neurons       responses per trial
 * @param trials        stimulus presentations
 * @param periodDegrees 360 (direction) or 180 (orientation)
 * @param seed          seed of every random draw
 * @param tuning        how tuning is spread over neurons
 * @param noise         how single trials vary
 */
public record FamilySpec(
        String name,
        int neurons,
        int trials,
        double periodDegrees,
        long seed,
        FamilyTuning tuning,
        FamilyNoise noise) {

    public FamilySpec {
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("name must be lower-case letters, digits and '-', got " + name);
        }
        Checks.positive("neurons", neurons);
        Checks.positive("trials", trials);
        if (periodDegrees != 360.0 && periodDegrees != 180.0) {
            throw new IllegalArgumentException(
                    "periodDegrees must be 360 (direction) or 180 (orientation), got " + periodDegrees);
        }
        Objects.requireNonNull(tuning, "tuning");
        Objects.requireNonNull(noise, "noise");
        if (periodDegrees == 180.0 && tuning.shape() == TuningShape.DIRECTION_VON_MISES) {
            throw new IllegalArgumentException(
                    "DIRECTION_VON_MISES tuning needs a 360-degree period: at 180 degrees opposite directions are one stimulus");
        }
    }

    public FamilySpec withNeurons(int newNeurons) {
        return new FamilySpec(name, newNeurons, trials, periodDegrees, seed, tuning, noise);
    }

    public FamilySpec withTrials(int newTrials) {
        return new FamilySpec(name, neurons, newTrials, periodDegrees, seed, tuning, noise);
    }

    public FamilySpec withSeed(long newSeed) {
        return new FamilySpec(name, neurons, trials, periodDegrees, newSeed, tuning, noise);
    }
}
