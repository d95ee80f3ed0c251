package io.livedecode.simulator.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.simulator.source.Trial;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FamilyPopulationTest {

    private static final FamilyTuning TUNING = new FamilyTuning(TuningShape.VON_MISES, 3, 0.5, 0.5, 4, 0.5, 0.3, 0.6);
    private static final FamilyNoise NB = new FamilyNoise(NoiseFamily.NEGATIVE_BINOMIAL, 2, 0.2, 2, 0.3, 1);

    private static FamilySpec spec(FamilyTuning tuning, FamilyNoise noise, double period) {
        return new FamilySpec("probe", 2_000, 600, period, 7, tuning, noise);
    }

    @Test
    void sameSpecGivesBitIdenticalTrialsInAnyOrder() {
        FamilyPopulation a = new FamilyPopulation(spec(TUNING, NB, 360));
        FamilyPopulation b = new FamilyPopulation(spec(TUNING, NB, 360));
        int[] order = {0, 599, 3, 300};
        List<Trial> first = new ArrayList<>();
        for (int i : order) {
            first.add(a.trial(i));
        }
        for (int k = order.length - 1; k >= 0; k--) {
            Trial again = b.trial(order[k]);
            assertEquals(first.get(k).stimulusDegrees(), again.stimulusDegrees());
            assertArrayEquals(first.get(k).responses(), again.responses(), "trial " + order[k]);
        }
        Trial other = new FamilyPopulation(spec(TUNING, NB, 360).withSeed(8)).trial(0);
        assertTrue(other.stimulusDegrees() != first.get(0).stimulusDegrees());
    }

    @Test
    void orientationSessionsShowAnglesBelow180AndRefuseDirectionOnlyTuning() {
        FamilyPopulation p = new FamilyPopulation(spec(TUNING, NB, 180));
        for (int i = 0; i < p.trials(); i++) {
            double s = p.trial(i).stimulusDegrees();
            assertTrue(s >= 0 && s < 180, "stimulus " + s);
        }
        FamilyTuning direction = new FamilyTuning(TuningShape.DIRECTION_VON_MISES, 2, 0.5, 0.1, 1, 0.5, 0.1, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> spec(direction, NB, 180));
        assertTrue(e.getMessage().contains("360-degree period"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> spec(TUNING, NB, 90));
    }

    @Test
    void untunedShareMatchesTheSpec() {
        FamilyNeurons neurons = FamilyNeurons.draw(spec(TUNING, NB, 360));
        int untuned = untuned(neurons).size();
        assertEquals(0.5, untuned / (double) neurons.size(), 0.03, "untuned share");
    }

    /**
     * Untuned neurons without shared gain or latent factors respond independently of the stimulus,
     * so their spread over trials is the noise family's alone: Fano factor 1 for Poisson, 1 + m / p
     * for the negative binomial, coefficient of variation 1 / sqrt(p) for gamma, sd p x amplitude
     * for Gaussian.
     */
    @Test
    void noiseFamiliesHaveTheirDispersion() {
        FamilyTuning tuning = new FamilyTuning(TuningShape.TRUNCATED_COSINE, 2, 0.3, 0.9, 3, 0.3, 1.0, 1);
        double[] poisson = dispersion(tuning, new FamilyNoise(NoiseFamily.POISSON, 0, 0, 0, 0, 0));
        assertEquals(1.0, poisson[1] / poisson[0], 0.08, "Poisson Fano factor");
        double[] nb = dispersion(tuning, new FamilyNoise(NoiseFamily.NEGATIVE_BINOMIAL, 2, 0, 0, 0, 0));
        assertEquals(1 + nb[0] / 2, nb[1] / nb[0], 0.2, "negative binomial Fano factor at mean " + nb[0]);
        double[] gamma = dispersion(tuning, new FamilyNoise(NoiseFamily.GAMMA, 4, 0, 0, 0, 0));
        assertEquals(0.5, Math.sqrt(gamma[1]) / gamma[0], 0.04, "gamma coefficient of variation");
        FamilyTuning dff = new FamilyTuning(TuningShape.VON_MISES, 2, 0.3, 0.9, 0.01, 0, 0.5, 1);
        double[] gaussian = dispersion(dff, new FamilyNoise(NoiseFamily.GAUSSIAN, 1, 0, 0, 0, 0));
        assertEquals(0.01, Math.sqrt(gaussian[1]), 0.001, "Gaussian sd = parameter x amplitude");
    }

    /** Mean over untuned neurons of their per-neuron mean and variance over trials. */
    private static double[] dispersion(FamilyTuning tuning, FamilyNoise noise) {
        FamilySpec s = new FamilySpec("probe", 400, 2_000, 360, 3, tuning, noise);
        FamilyPopulation p = new FamilyPopulation(s);
        List<Integer> flat = untuned(FamilyNeurons.draw(s));
        double[] sum = new double[s.neurons()];
        double[] squares = new double[s.neurons()];
        for (int t = 0; t < s.trials(); t++) {
            float[] x = p.trial(t).responses();
            for (int n : flat) {
                sum[n] += x[n];
                squares[n] += (double) x[n] * x[n];
            }
        }
        double mean = 0;
        double variance = 0;
        for (int n : flat) {
            double m = sum[n] / s.trials();
            mean += m;
            variance += squares[n] / s.trials() - m * m;
        }
        return new double[] {mean / flat.size(), variance / flat.size()};
    }

    private static List<Integer> untuned(FamilyNeurons neurons) {
        List<Integer> flat = new ArrayList<>();
        for (int n = 0; n < neurons.size(); n++) {
            if (neurons.meanResponse(n, 1, 0) == neurons.meanResponse(n, 0, 1)
                    && neurons.meanResponse(n, 1, 0) == neurons.meanResponse(n, -1, 0)) {
                flat.add(n);
            }
        }
        return flat;
    }

    @Test
    void countsAreWholeAndResponsesFinite() {
        FamilyPopulation p = new FamilyPopulation(spec(TUNING, NB, 360));
        for (int t = 0; t < 20; t++) {
            for (float r : p.trial(t).responses()) {
                assertTrue(r >= 0 && r == Math.rint(r), "count " + r);
            }
        }
        FamilyNoise gaussian = new FamilyNoise(NoiseFamily.GAUSSIAN, 1, 0.1, 3, 0.5, 1);
        boolean negative = false;
        FamilyPopulation dff = new FamilyPopulation(spec(TUNING, gaussian, 360));
        for (int t = 0; t < 20; t++) {
            for (float r : dff.trial(t).responses()) {
                assertTrue(Float.isFinite(r));
                negative |= r < 0;
            }
        }
        assertTrue(negative, "additive Gaussian noise goes below zero, like dF/F");
    }

    @Test
    void badParametersAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FamilyNoise(NoiseFamily.GAMMA, 0.5, 0, 0, 0, 0));
        assertTrue(e.getMessage().contains("0.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new FamilyTuning(TuningShape.VON_MISES, 3, 0.5, 0.99, 4, 0.5, 0.3, 0.6));
        assertTrue(e.getMessage().contains("untunedFraction"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new FamilySpec("Bad Name", 10, 10, 360, 1, TUNING, NB));
        assertTrue(e.getMessage().contains("Bad Name"), e.getMessage());
    }
}
