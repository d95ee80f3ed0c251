package io.livedecode.simulator.synthetic;

import io.livedecode.simulator.source.Trial;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticPopulationTest {

    private static final PopulationConfig SMALL = PopulationConfig.defaults().withNeurons(3_000).withTrials(900).withSeed(11);

    @Test
    void sameSeedGivesBitIdenticalTrialsInAnyOrder() {
        SyntheticPopulation forward = new SyntheticPopulation(SMALL);
        SyntheticPopulation backward = new SyntheticPopulation(SMALL);
        int[] indices = {0, 1, 2, 17, 450, 898, 899};
        Trial[] first = new Trial[indices.length];
        for (int k = 0; k < indices.length; k++) {
            first[k] = forward.trial(indices[k]);
        }
        for (int k = indices.length - 1; k >= 0; k--) {
            Trial again = backward.trial(indices[k]);
            assertEquals(first[k].index(), again.index());
            assertEquals(Double.doubleToRawLongBits(first[k].stimulusDegrees()),
                    Double.doubleToRawLongBits(again.stimulusDegrees()));
            assertEquals(first[k].acquisitionSeconds(), again.acquisitionSeconds());
            assertArrayEquals(bits(first[k].responses()), bits(again.responses()), "trial " + indices[k]);
        }
        // Re-reading from the same instance after other trials changes nothing either.
        assertArrayEquals(bits(first[2].responses()), bits(forward.trial(indices[2]).responses()));
    }

    @Test
    void responsesIntoMatchesTrial() {
        SyntheticPopulation population = new SyntheticPopulation(SMALL);
        float[] buffer = new float[SMALL.neurons()];
        population.responsesInto(123, buffer);
        assertArrayEquals(bits(population.trial(123).responses()), bits(buffer));
    }

    @Test
    void differentSeedGivesDifferentSession() {
        SyntheticPopulation a = new SyntheticPopulation(SMALL);
        SyntheticPopulation b = new SyntheticPopulation(SMALL.withSeed(12));
        Trial ta = a.trial(5);
        Trial tb = b.trial(5);
        assertFalse(ta.stimulusDegrees() == tb.stimulusDegrees());
        float[] ra = ta.responses();
        float[] rb = tb.responses();
        int equal = 0;
        for (int n = 0; n < ra.length; n++) {
            if (ra[n] == rb[n]) {
                equal++;
            }
        }
        assertEquals(0, equal, "responses shared between seeds");
        assertFalse(a.parameters().preferredDegrees(0) == b.parameters().preferredDegrees(0));
    }

    @Test
    void responsesAreFiniteAndNonNegative() {
        SyntheticPopulation population = new SyntheticPopulation(SMALL);
        for (int i = 0; i < 50; i++) {
            for (float r : population.trial(i).responses()) {
                assertTrue(r >= 0 && Float.isFinite(r), "response " + r + " in trial " + i);
            }
        }
    }

    @Test
    void acquisitionTimesStepAboutEveryTrialIntervalOnTheFrameGrid() {
        SyntheticPopulation population = new SyntheticPopulation(SMALL);
        double previous = -1;
        for (int i = 0; i < SMALL.trials(); i++) {
            double t = population.acquisitionSeconds(i);
            double frames = t * SMALL.timing().frameRateHz();
            assertEquals(Math.rint(frames), frames, 1e-9, "trial " + i + " at " + t + " s is between frames");
            assertTrue(t >= i * 1.8 - 1e-9 && t < i * 1.8 + 0.1 + 1 / 3.0 + 1e-9, "trial " + i + " at " + t + " s");
            assertTrue(t > previous, "times must increase, trial " + i);
            previous = t;
        }
        assertEquals(previous, population.trial(SMALL.trials() - 1).acquisitionSeconds());
    }

    @Test
    void anglesCoverThePeriodOnePerSliceInShuffledOrder() {
        for (double period : new double[] {360, 180}) {
            SyntheticPopulation population = new SyntheticPopulation(SMALL.withPeriodDegrees(period));
            double[] angles = new double[SMALL.trials()];
            int ascending = 0;
            for (int i = 0; i < angles.length; i++) {
                angles[i] = population.stimulusDegrees(i);
                assertTrue(angles[i] >= 0 && angles[i] < period, "angle " + angles[i]);
                if (i > 0 && angles[i] > angles[i - 1]) {
                    ascending++;
                }
            }
            assertTrue(ascending > 350 && ascending < 550, "order looks unshuffled: " + ascending + " rises");
            Arrays.sort(angles);
            double slice = period / angles.length;
            for (int i = 0; i < angles.length; i++) {
                assertEquals(i, (int) (angles[i] / slice), "slice of sorted angle " + angles[i]);
            }
        }
    }

    @Test
    void orientationPeriodRemovesDirectionSelectivity() {
        NeuronParameters p = new SyntheticPopulation(SMALL.withPeriodDegrees(180)).parameters();
        for (int n = 0; n < p.size(); n++) {
            assertEquals(1.0, p.nullRatio(n));
            assertEquals(p.meanResponse(n, 10), p.meanResponse(n, 190), 1e-9);
        }
    }

    @Test
    void rejectsIndicesOutsideTheSession() {
        SyntheticPopulation population = new SyntheticPopulation(SMALL);
        assertThrows(IndexOutOfBoundsException.class, () -> population.trial(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> population.trial(SMALL.trials()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> population.responsesInto(0, new float[7]));
        assertEquals("target holds 7 responses but the population has 3000 neurons", e.getMessage());
    }

    @Test
    void fullSizeTrialIsOneFloatPerNeuron() {
        SyntheticPopulation population = new SyntheticPopulation(PopulationConfig.defaults());
        Trial last = population.trial(PopulationConfig.STRINGER_TRIALS - 1);
        assertEquals(PopulationConfig.STRINGER_NEURONS, last.responses().length);
        assertEquals(PopulationConfig.STRINGER_TRIALS - 1, last.index());
        // 4,597 intervals of 1.8 s plus at most the onset jitter and one frame.
        assertEquals(4_597 * 1.8, last.acquisitionSeconds(), 0.5);
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
