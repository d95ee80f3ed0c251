package io.livedecode.decoder.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GuardsTest {
    private static final VonMisesPopulation POPULATION = new VonMisesPopulation(200, 2.0, 5);

    @Test
    void wrongLengthNamesExpectedAndActual() {
        OnlineDecoder decoder = new OnlineDecoder(DecoderConfig.linear(), 200);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> decoder.step(new float[199], 10));
        assertEquals("expected 200 responses, got 199", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> decoder.predict(new float[201]));
        assertEquals(0, decoder.stats().labelledFrames());
    }

    @Test
    void nonFiniteInputIsRefusedBeforeTouchingAnything() {
        OnlineDecoder decoder = new OnlineDecoder(DecoderConfig.relu(20), 200);
        decoder.step(POPULATION.responses(0), POPULATION.stimulus(0));
        byte[] before = decoder.snapshot();
        float[] x = POPULATION.responses(1);
        x[17] = Float.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> decoder.step(x, 30));
        assertEquals("response 17 is NaN; responses must be finite", e.getMessage());
        x[17] = Float.POSITIVE_INFINITY;
        assertThrows(IllegalArgumentException.class, () -> decoder.predict(x));
        assertThrows(IllegalArgumentException.class,
                () -> decoder.step(POPULATION.responses(1), Double.POSITIVE_INFINITY));
        assertArrayEquals(before, decoder.snapshot());
    }

    @Test
    void aDivergingUpdateIsRefusedAndLeavesTheModelExactlyAsItWas() {
        OnlineDecoder decoder = new OnlineDecoder(DecoderConfig.relu(20).toBuilder().learningRate(1e15).build(), 200);
        decoder.step(POPULATION.responses(0), POPULATION.stimulus(0));
        byte[] model = decoder.modelState();
        float[] probe = POPULATION.responses(99);
        double before = decoder.predict(probe);
        StepResult r = decoder.step(POPULATION.responses(1), POPULATION.stimulus(1));
        assertEquals(StepOutcome.REFUSED, r.outcome());
        assertTrue(r.errorDegrees() >= 0, "the frame was still scored");
        assertArrayEquals(model, decoder.modelState());
        assertEquals(before, decoder.predict(probe));
        assertEquals(2, decoder.stats().refusedUpdates(), "the first frame's huge step was refused too");
        assertEquals(0, decoder.version());
    }

    @Test
    void aModelThatDivergesStopsLearningInsteadOfTurningNonFinite() {
        OnlineDecoder decoder = new OnlineDecoder(DecoderConfig.relu(20).toBuilder().learningRate(200).build(), 200);
        StepResult r = new StepResult();
        for (int t = 0; t < 300; t++) {
            byte[] model = decoder.modelState();
            decoder.step(POPULATION.responses(t), POPULATION.stimulus(t), r);
            if (r.outcome() == StepOutcome.REFUSED) {
                assertArrayEquals(model, decoder.modelState(), "frame " + t);
            }
        }
        assertTrue(decoder.stats().refusedUpdates() > 0, "a learning rate of 200 diverges: " + decoder.stats());
        for (NetworkLayer layer : decoder.network().layers()) {
            for (float w : layer.weight) {
                assertTrue(Float.isFinite(w));
            }
            assertTrue(layer.parameterBound <= SmileNetwork.PARAMETER_LIMIT);
        }
    }

    @Test
    void unlabelledFramesAreDecodedOnly() {
        OnlineDecoder decoder = new OnlineDecoder(DecoderConfig.linear(), 200);
        decoder.step(POPULATION.responses(0), POPULATION.stimulus(0));
        byte[] model = decoder.modelState();
        StepResult r = decoder.step(POPULATION.responses(1), Double.NaN);
        assertEquals(StepOutcome.DECODED_ONLY, r.outcome());
        assertTrue(Double.isNaN(r.errorDegrees()));
        assertTrue(r.decodedDegrees() >= 0 && r.decodedDegrees() < 360);
        assertArrayEquals(model, decoder.modelState());
        PrequentialStats stats = decoder.stats();
        assertEquals(1, stats.labelledFrames());
        assertEquals(1, stats.unlabelledFrames());
        assertEquals(1, stats.updates());
    }
}
