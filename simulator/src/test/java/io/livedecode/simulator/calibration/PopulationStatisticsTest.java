package io.livedecode.simulator.calibration;

import io.livedecode.simulator.source.TrialSource;
import io.livedecode.simulator.synthetic.NeuronParameters;
import io.livedecode.simulator.synthetic.PopulationConfig;
import io.livedecode.simulator.synthetic.SyntheticPopulation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The default population, shrunk to 2,000 neurons, measured from its trials. It keeps the full
 * 4,598 trials because reliability on 1-degree bins depends on how many trials fall in a bin.
 */
class PopulationStatisticsTest {

    private static final PopulationConfig CONFIG = PopulationConfig.defaults().withNeurons(2_000).withSeed(5);
    private static SyntheticPopulation population;
    private static PopulationStatistics statistics;

    @BeforeAll
    static void measure() {
        population = new SyntheticPopulation(CONFIG);
        statistics = PopulationStatistics.measure(population, 0, CONFIG.trials(), CONFIG.periodDegrees());
    }

    @Test
    void tuningStatisticsMatchTheRecording() {
        assertIn("median kappa", statistics.concentrationMedian(), 2.5, 5.5);
        assertIn("kappa 25th percentile", statistics.concentrationLowerQuartile(), 0.8, 2.0);
        assertIn("kappa 75th percentile", statistics.concentrationUpperQuartile(), 5.5, 11.0);
        assertIn("median OSI", statistics.orientationSelectivityMedian(), 0.45, 0.75);
        assertIn("median DSI", statistics.directionSelectivityMedian(), 0.05, 0.4);
        assertIn("median split-half reliability", statistics.reliabilityMedian(), 0.7, 0.9);
    }

    @Test
    void responsesAreDeconvolvedLikeWithAHeavyTail() {
        assertIn("response mean", statistics.responseMean(), 6, 12);
        assertIn("response median", statistics.responseMedian(), 3.5, 8);
        assertTrue(statistics.responseMean() > statistics.responseMedian(), "right skew");
        assertIn("p99 / median", statistics.responseP99() / statistics.responseMedian(), 4, 20);
    }

    @Test
    void fittedConcentrationsTrackTheGeneratingOnes() {
        NeuronStatistics neurons = NeuronStatistics.measure(curves(population));
        NeuronParameters truth = population.parameters();
        double[] logRatio = new double[neurons.neurons()];
        for (int n = 0; n < logRatio.length; n++) {
            logRatio[n] = Math.abs(Math.log(neurons.fit(n).concentration() / truth.concentration(n)));
        }
        assertIn("median |log(fitted / true kappa)|", Quantiles.median(logRatio), 0, 0.2);
    }

    @Test
    void ridgeDecodesHeldOutTrialsWithinAFewDegrees() {
        int train = CONFIG.trials() - 1_000;
        RidgeDecoder decoder = RidgeDecoder.fitSelectingPenalty(population, 0, train, CONFIG.periodDegrees());
        double error = decoder.medianAbsoluteErrorDegrees(population, train, CONFIG.trials());
        assertIn("ridge median abs error (deg), 2,000 neurons", error, 0.5, 5.0);
    }

    private static TuningCurves curves(TrialSource source) {
        TuningCurves curves = new TuningCurves(source.neurons(), CONFIG.periodDegrees(),
                PopulationStatistics.RELIABILITY_BIN_DEGREES);
        TrialReader.forEach(source, 0, source.trials(), curves::add);
        return curves;
    }

    private static void assertIn(String what, double value, double low, double high) {
        assertTrue(value >= low && value <= high, what + " = " + value + ", expected in [" + low + ", " + high + "]");
    }
}
