package io.livedecode.simulator.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.simulator.source.TrialSource;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DriftingSourceTest {

    private static final TrialSource BASE = new SyntheticPopulation(PopulationConfig.defaults().withNeurons(2_000).withTrials(400));
    private static final int ONSET = 100;

    private static DriftingSource drift(DriftScenario.Kind kind, double magnitude, int ramp) {
        return new DriftingSource(BASE, new DriftScenario(kind, ONSET, magnitude, ramp, 5),
                PopulationSuite.preferredDegrees(BASE));
    }

    @Test
    void trialsBeforeTheOnsetAreUntouched() {
        for (DriftScenario.Kind kind : DriftScenario.Kind.values()) {
            DriftingSource s = drift(kind, kind == DriftScenario.Kind.SILENCE ? 0.1 : 0.5, 50);
            assertArrayEquals(BASE.trial(ONSET - 1).responses(), s.trial(ONSET - 1).responses(), kind.name());
            assertTrue(!Arrays.equals(BASE.trial(ONSET + 60).responses(), s.trial(ONSET + 60).responses()), kind.name());
        }
    }

    @Test
    void aGainStepScalesEachNeuronByItsOwnConstantFactor() {
        DriftingSource s = drift(DriftScenario.Kind.GAIN_STEP, 0.5, 0);
        double[] first = ratios(s, ONSET);
        double[] later = ratios(s, 300);
        double logSum = 0;
        double logSquares = 0;
        int n = 0;
        for (int i = 0; i < first.length; i++) {
            if (Double.isFinite(first[i]) && Double.isFinite(later[i])) {
                assertEquals(first[i], later[i], 1e-5 * first[i], "neuron " + i);
                logSum += Math.log(first[i]);
                logSquares += Math.log(first[i]) * Math.log(first[i]);
                n++;
            }
        }
        double sd = Math.sqrt(logSquares / n - (logSum / n) * (logSum / n));
        assertEquals(0.5, sd, 0.03, "spread of the log gains");
    }

    @Test
    void aGainRampGetsThereGradually() {
        DriftingSource ramp = drift(DriftScenario.Kind.GAIN_RAMP, 0.5, 200);
        DriftingSource step = drift(DriftScenario.Kind.GAIN_STEP, 0.5, 0);
        double[] half = ratios(ramp, ONSET + 99);
        double[] full = ratios(step, ONSET + 99);
        for (int i = 0; i < half.length; i++) {
            if (Double.isFinite(half[i])) {
                assertEquals(Math.sqrt(full[i]), half[i], 1e-4 * full[i], "halfway the log gain is half");
            }
        }
        assertArrayEquals(step.trial(350).responses(), ramp.trial(350).responses(), 1e-3f);
    }

    @Test
    void silenceZeroesTheSameShareOfNeuronsInEveryTrial() {
        DriftingSource s = drift(DriftScenario.Kind.SILENCE, 0.1, 0);
        float[] a = s.trial(ONSET).responses();
        float[] b = s.trial(399).responses();
        float[] baseA = BASE.trial(ONSET).responses();
        int silent = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == 0 && baseA[i] != 0) {
                silent++;
                assertEquals(0f, b[i], "neuron " + i + " stays silent");
            } else {
                assertEquals(baseA[i], a[i]);
            }
        }
        assertEquals(0.1, silent / (double) a.length, 0.02);
    }

    @Test
    void aTuningShiftPermutesNeuronsAndGrowsWithItsMagnitude() {
        DriftingSource s = drift(DriftScenario.Kind.TUNING_SHIFT, 30, 0);
        float[] drifted = s.trial(200).responses();
        float[] base = BASE.trial(200).responses();
        float[] sortedDrifted = drifted.clone();
        float[] sortedBase = base.clone();
        Arrays.sort(sortedDrifted);
        Arrays.sort(sortedBase);
        assertArrayEquals(sortedBase, sortedDrifted, "same responses, other neurons");
        assertNotEquals(0, moved(base, drifted));
        assertEquals(0, moved(base, drift(DriftScenario.Kind.TUNING_SHIFT, 0, 0).trial(200).responses()),
                "no shift, no change");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DriftingSource(BASE, new DriftScenario(DriftScenario.Kind.TUNING_SHIFT, 1, 10, 0, 1), null));
        assertTrue(e.getMessage().contains("preferred direction"), e.getMessage());
    }

    private static int moved(float[] a, float[] b) {
        int moved = 0;
        for (int i = 0; i < a.length; i++) {
            moved += a[i] != b[i] ? 1 : 0;
        }
        return moved;
    }

    private static double[] ratios(TrialSource s, int trial) {
        float[] drifted = s.trial(trial).responses();
        float[] base = BASE.trial(trial).responses();
        double[] r = new double[base.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = base[i] > 1e-3 ? drifted[i] / (double) base[i] : Double.NaN;
        }
        return r;
    }
}
