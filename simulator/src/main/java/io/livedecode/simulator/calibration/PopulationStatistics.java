package io.livedecode.simulator.calibration;

import io.livedecode.simulator.source.TrialSource;

/**
 * Summary statistics of a session, measured from its trials alone (never from generating
 * parameters), in the terms the Stringer et al. 2019 recording is described by.
 *
 * @param neurons                      neurons measured
 * @param trials                       trials measured
 * @param concentrationLowerQuartile   25th percentile over neurons of the fitted von Mises kappa
 * @param concentrationMedian          median fitted kappa (orientation-doubled angle)
 * @param concentrationUpperQuartile   75th percentile of fitted kappa
 * @param orientationSelectivityMedian median of (R_pref - R_orth) / (R_pref + R_orth) on fitted curves
 * @param vectorSelectivityMedian      median of the model-free vector index on 1-degree curves
 * @param directionSelectivityMedian   median of (R_pref - R_null) / (R_pref + R_null) on fitted curves
 * @param reliabilityMedian            median split-half reliability on 1-degree curves
 * @param responseMean                 mean of all responses
 * @param responseMedian               median of all responses
 * @param responseP90                  90th percentile of all responses
 * @param responseP99                  99th percentile of all responses
 */
public record PopulationStatistics(
        int neurons,
        int trials,
        double concentrationLowerQuartile,
        double concentrationMedian,
        double concentrationUpperQuartile,
        double orientationSelectivityMedian,
        double vectorSelectivityMedian,
        double directionSelectivityMedian,
        double reliabilityMedian,
        double responseMean,
        double responseMedian,
        double responseP90,
        double responseP99) {

    /**
     * Width of the bins reliability is measured on: the per-degree binning of the published
     * teaching file, about 6 trials per bin and half in a full session.
     */
    public static final double RELIABILITY_BIN_DEGREES = 1.0;

    /** Measures trials {@code [from, to)} of {@code source}, stimuli on a circle of {@code periodDegrees}. */
    public static PopulationStatistics measure(TrialSource source, int from, int to, double periodDegrees) {
        TrialReader.checkRange(source, from, to);
        TuningCurves curves = new TuningCurves(source.neurons(), periodDegrees, RELIABILITY_BIN_DEGREES);
        ResponseDistribution distribution = new ResponseDistribution();
        TrialReader.forEach(source, from, to, trial -> {
            curves.add(trial);
            distribution.add(trial.responses());
        });
        return summarise(NeuronStatistics.measure(curves), distribution, to - from);
    }

    static PopulationStatistics summarise(NeuronStatistics neurons, ResponseDistribution responses, int trials) {
        double[] kappa = neurons.concentrations();
        return new PopulationStatistics(
                neurons.neurons(),
                trials,
                Quantiles.of(kappa, 0.25),
                Quantiles.median(kappa),
                Quantiles.of(kappa, 0.75),
                Quantiles.median(neurons.orientationSelectivities()),
                Quantiles.median(neurons.vectorSelectivities()),
                Quantiles.median(neurons.directionSelectivities()),
                Quantiles.median(neurons.reliabilities()),
                responses.mean(),
                responses.quantile(0.5),
                responses.quantile(0.9),
                responses.quantile(0.99));
    }
}
