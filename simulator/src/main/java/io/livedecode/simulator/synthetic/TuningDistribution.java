package io.livedecode.simulator.synthetic;

/**
 * How tuning parameters are spread over the population. Each neuron's mean response to a stimulus
 * at angle theta is {@code baseline + amplitude * exp(kappa * (cos(2 * delta) - 1)) * lobe(delta)},
 * with {@code delta = theta - preferred direction}: a von Mises bump on the orientation-doubled
 * angle (so {@code kappa} is the concentration of orientation tuning), whose lobe opposite the
 * preferred direction is scaled by the neuron's null ratio, {@code lobe(delta) = (1 + r) / 2 +
 * (1 - r) / 2 * cos(delta)}, which is 1 at the preferred direction and {@code r} at the null one.
 *
 * @param medianConcentration        median of kappa over neurons
 * @param concentrationLowerQuartile 25th percentile of kappa
 * @param concentrationUpperQuartile 75th percentile of kappa; kappa is drawn from a log-normal
 *                                   whose two halves have different widths, so both quartiles hold
 * @param medianAmplitude            median peak response above baseline; amplitudes are log-normal
 * @param amplitudeSpread            standard deviation of log amplitude
 * @param baselineFraction           median ratio of baseline to amplitude; log-normal
 * @param baselineSpread             standard deviation of log baseline ratio
 * @param medianNullRatio            median ratio of the null to the preferred lobe, in (0, 1];
 *                                   1 means no direction selectivity
 */
public record TuningDistribution(
        double medianConcentration,
        double concentrationLowerQuartile,
        double concentrationUpperQuartile,
        double medianAmplitude,
        double amplitudeSpread,
        double baselineFraction,
        double baselineSpread,
        double medianNullRatio) {

    /** Figures that reproduce the Stringer et al. 2019 tuning statistics (see the calibration report). */
    public static TuningDistribution defaults() {
        return new TuningDistribution(3.8, 1.3, 8.2, 15.5, 0.45, 0.28, 0.4, 0.55);
    }

    public TuningDistribution {
        Checks.positiveFinite("concentrationLowerQuartile", concentrationLowerQuartile);
        Checks.positiveFinite("medianConcentration", medianConcentration);
        Checks.positiveFinite("concentrationUpperQuartile", concentrationUpperQuartile);
        if (!(concentrationLowerQuartile < medianConcentration && medianConcentration < concentrationUpperQuartile)) {
            throw new IllegalArgumentException(String.format(
                    "concentration quartiles must increase: lower %s < median %s < upper %s",
                    concentrationLowerQuartile, medianConcentration, concentrationUpperQuartile));
        }
        Checks.positiveFinite("medianAmplitude", medianAmplitude);
        Checks.nonNegativeFinite("amplitudeSpread", amplitudeSpread);
        Checks.nonNegativeFinite("baselineFraction", baselineFraction);
        Checks.nonNegativeFinite("baselineSpread", baselineSpread);
        if (!(medianNullRatio > 0 && medianNullRatio <= 1)) {
            throw new IllegalArgumentException("medianNullRatio must be in (0, 1], got " + medianNullRatio);
        }
    }
}
