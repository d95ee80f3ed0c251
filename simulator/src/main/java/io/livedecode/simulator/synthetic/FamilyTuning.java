package io.livedecode.simulator.synthetic;

import java.util.Objects;

/**
 * How tuning is spread over the neurons of a {@link FamilyPopulation}.
 *
 * @param shape               tuning curve shape
 * @param medianConcentration median width parameter kappa (larger is sharper); log-normal over neurons
 * @param concentrationSpread standard deviation of log kappa
 * @param untunedFraction     share of neurons whose mean response ignores the stimulus (baseline only)
 * @param medianAmplitude     median peak response above baseline: sets the response scale (counts
 *                            for Poisson noise); log-normal over neurons
 * @param amplitudeSpread     standard deviation of log amplitude; 2.3 spreads amplitudes over about
 *                            two orders of magnitude between the 2nd and 98th percentiles
 * @param baselineFraction    baseline as a fraction of each neuron's amplitude
 * @param medianNullRatio     median ratio of the null-direction lobe to the preferred one, in (0, 1]
 *                            (forced to 1 for a 180-degree period)
 */
public record FamilyTuning(
        TuningShape shape,
        double medianConcentration,
        double concentrationSpread,
        double untunedFraction,
        double medianAmplitude,
        double amplitudeSpread,
        double baselineFraction,
        double medianNullRatio) {

    public FamilyTuning {
        Objects.requireNonNull(shape, "shape");
        Checks.positiveFinite("medianConcentration", medianConcentration);
        Checks.nonNegativeFinite("concentrationSpread", concentrationSpread);
        Checks.inRange("untunedFraction", untunedFraction, 0, 0.95);
        Checks.positiveFinite("medianAmplitude", medianAmplitude);
        Checks.nonNegativeFinite("amplitudeSpread", amplitudeSpread);
        Checks.nonNegativeFinite("baselineFraction", baselineFraction);
        if (!(medianNullRatio > 0 && medianNullRatio <= 1)) {
            throw new IllegalArgumentException("medianNullRatio must be in (0, 1], got " + medianNullRatio);
        }
    }
}
