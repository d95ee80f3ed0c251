package io.livedecode.simulator.calibration;

import io.livedecode.simulator.source.Trial;
import io.livedecode.simulator.synthetic.PopulationConfig;
import io.livedecode.simulator.synthetic.SyntheticPopulation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RidgeDecoderTest {

    private static final PopulationConfig SMALL = PopulationConfig.defaults().withNeurons(1_500).withTrials(1_200).withSeed(21);

    @Test
    void decodesHeldOutTrialsOfASmallPopulation() {
        SyntheticPopulation population = new SyntheticPopulation(SMALL);
        RidgeDecoder decoder = RidgeDecoder.fit(population, 0, 1_000, 1.0, 360);
        double error = decoder.medianAbsoluteErrorDegrees(population, 1_000, 1_200);
        assertTrue(error < 8.0, "median error " + error);
        assertEquals(1_500, decoder.neurons());
        for (int i = 1_000; i < 1_010; i++) {
            double predicted = decoder.predictDegrees(population.trial(i).responses());
            assertTrue(predicted >= 0 && predicted < 360, "prediction " + predicted);
        }
    }

    @Test
    void rowsAndSourceGiveTheSameDecoder() {
        SyntheticPopulation population = new SyntheticPopulation(SMALL.withNeurons(300));
        int trials = 400;
        float[][] rows = new float[trials][];
        double[] angles = new double[trials];
        for (int i = 0; i < trials; i++) {
            Trial t = population.trial(i);
            rows[i] = t.responses();
            angles[i] = t.stimulusDegrees();
        }
        RidgeDecoder fromRows = RidgeDecoder.fit(rows, angles, 0.5, 360);
        RidgeDecoder fromSource = RidgeDecoder.fit(population, 0, trials, 0.5, 360);
        for (int i = 400; i < 420; i++) {
            float[] x = population.trial(i).responses();
            assertEquals(fromSource.predictDegrees(x), fromRows.predictDegrees(x), 1e-9);
        }
    }

    @Test
    void choosesThePenaltyWithTheLowestValidationError() {
        SyntheticPopulation population = new SyntheticPopulation(SMALL.withNeurons(600));
        RidgeDecoder decoder = RidgeDecoder.fitSelectingPenalty(population, 0, 1_000, 360);
        List<PenaltyScore> scores = decoder.validation();
        assertEquals(RidgeDecoder.DEFAULT_PENALTIES.length, scores.size());
        PenaltyScore best = scores.stream().min((a, b) -> Double.compare(a.medianErrorDegrees(), b.medianErrorDegrees()))
                .orElseThrow();
        assertEquals(best.penalty(), decoder.penalty());
        assertTrue(scores.getFirst().penalty() > scores.getLast().penalty(), "penalties are tried largest first");
    }

    @Test
    void decodesOrientationOnAHalfCircle() {
        SyntheticPopulation population = new SyntheticPopulation(SMALL.withNeurons(800).withPeriodDegrees(180));
        RidgeDecoder decoder = RidgeDecoder.fit(population, 0, 1_000, 1.0, 180);
        double error = decoder.medianAbsoluteErrorDegrees(population, 1_000, 1_200);
        assertTrue(error < 6.0, "median error " + error);
        for (int i = 1_000; i < 1_050; i++) {
            double predicted = decoder.predictDegrees(population.trial(i).responses());
            assertTrue(predicted >= 0 && predicted < 180, "prediction " + predicted);
        }
    }

    @Test
    void rejectsBadArgumentsNamingThem() {
        SyntheticPopulation population = new SyntheticPopulation(SMALL.withNeurons(50));
        assertEquals("penalty must be positive and finite, got 0.0", assertThrows(IllegalArgumentException.class,
                () -> RidgeDecoder.fit(population, 0, 100, 0.0, 360)).getMessage());
        assertEquals("trial range [100, 2000) is empty or outside the session's 1200 trials",
                assertThrows(IllegalArgumentException.class,
                        () -> RidgeDecoder.fit(population, 100, 2_000, 1.0, 360)).getMessage());
        RidgeDecoder decoder = RidgeDecoder.fit(population, 0, 100, 1.0, 360);
        assertEquals("3 responses given to a decoder of 50 neurons", assertThrows(IllegalArgumentException.class,
                () -> decoder.predictDegrees(new float[3])).getMessage());
        assertEquals("need as many angles as trials, and at least one: 2 trials, 1 angles",
                assertThrows(IllegalArgumentException.class,
                        () -> RidgeDecoder.fit(new float[2][4], new double[1], 1.0, 360)).getMessage());
    }
}
