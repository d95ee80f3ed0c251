package io.livedecode.decoder.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.decoder.model.PrequentialEvaluation.ErrorSummary;
import org.junit.jupiter.api.Test;

class PrequentialEvaluationTest {

    @Test
    void summarisesARangeIgnoringUnlabelledFrames() {
        double[] errors = {100, 1, Double.NaN, 3, 2, 4};
        ErrorSummary s = PrequentialEvaluation.summarize(errors, 1, 6);
        assertEquals(4, s.frames());
        assertEquals(2.5, s.median(), 1e-12);
        assertEquals(2.5, s.mean(), 1e-12);
        assertEquals(4, s.max());
        assertThrows(IllegalArgumentException.class, () -> PrequentialEvaluation.summarize(errors, 2, 9));
    }

    @Test
    void errorsMatchTheDecoderStatistics() {
        VonMisesPopulation population = new VonMisesPopulation(100, 1.0, 2);
        OnlineDecoder decoder = new OnlineDecoder(DecoderConfig.linear().toBuilder().statsWindow(50).build(), 100);
        double[] errors = PrequentialEvaluation.errors(decoder, 120, population::responses,
                t -> t % 4 == 3 ? Double.NaN : population.stimulus(t));
        PrequentialStats stats = decoder.stats();
        assertEquals(90, stats.labelledFrames());
        assertEquals(30, stats.unlabelledFrames());
        assertEquals(50, stats.windowFrames());
        double[] lastLabelled = java.util.stream.IntStream.range(0, 120).filter(t -> t % 4 != 3)
                .skip(40).mapToDouble(t -> errors[t]).toArray();
        ErrorSummary window = PrequentialEvaluation.summarize(lastLabelled, 0, lastLabelled.length);
        assertEquals(window.median(), stats.medianAbsError(), 1e-12);
        assertEquals(window.mean(), stats.meanAbsError(), 1e-9);
        assertTrue(stats.ewmaAbsError() > 0);

        OnlineDecoder again = new OnlineDecoder(DecoderConfig.linear().toBuilder().statsWindow(50).build(), 100);
        double[] same = PrequentialEvaluation.errors(again, 120, t -> new PrequentialEvaluation.Frame(
                population.responses(t), t % 4 == 3 ? Double.NaN : population.stimulus(t)));
        org.junit.jupiter.api.Assertions.assertArrayEquals(errors, same);
    }
}
