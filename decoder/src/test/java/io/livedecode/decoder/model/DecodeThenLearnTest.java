package io.livedecode.decoder.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Decoding and learning in two calls, as the service does to publish before learning. */
class DecodeThenLearnTest {
    private static final VonMisesPopulation POPULATION = new VonMisesPopulation(211, 2.0, 4);
    /** Hair-trigger drift tests on the error and the inputs, so alarms and their response happen. */
    private static final DecoderConfig CONFIG = DecoderConfig.builder().hiddenLayers(List.of(23)).learningRate(0.02)
            .momentum(0.5).dropout(0.1).rehearsal(2, 20).seed(3)
            .drift(new DriftSettings(0, 0, 0.5, 5, 20, 3, 40, 10, true, 0.5)).build();

    @Test
    void twoPhasesEqualOneStepBitForBit() {
        OnlineDecoder stepped = new OnlineDecoder(CONFIG, 211);
        OnlineDecoder phased = new OnlineDecoder(CONFIG, 211);
        StepResult a = new StepResult();
        StepResult b = new StepResult();
        for (int t = 0; t < 60; t++) {
            double label = t % 4 == 3 ? Double.NaN : POPULATION.stimulus(t);
            stepped.step(POPULATION.responses(t), label, a);
            phased.decode(POPULATION.responses(t), label, b);
            assertEquals(StepOutcome.DECODED_ONLY, b.outcome());
            assertEquals(Double.doubleToRawLongBits(a.decodedDegrees()), Double.doubleToRawLongBits(b.decodedDegrees()));
            phased.learnDecoded(b);
            assertEquals(a.outcome(), b.outcome(), "frame " + t);
            assertEquals(a.version(), b.version());
            assertEquals(Double.doubleToRawLongBits(a.errorDegrees()), Double.doubleToRawLongBits(b.errorDegrees()));
        }
        assertArrayEquals(stepped.snapshot(), phased.snapshot());
        assertTrue(phased.stats().driftAlarms() > 0, "no alarm: the drift state was not exercised");
    }

    /**
     * A late label takes the very update the frame would have taken with its label inline, given the
     * same weights: the only difference is which decoded angle is scored, and that is passed in.
     */
    @Test
    void learningALateLabelTakesTheInlineUpdate() {
        OnlineDecoder inline = new OnlineDecoder(CONFIG, 211);
        OnlineDecoder late = new OnlineDecoder(CONFIG, 211);
        StepResult a = new StepResult();
        StepResult b = new StepResult();
        for (int t = 0; t < 60; t++) {
            double label = POPULATION.stimulus(t);
            inline.step(POPULATION.responses(t), label, a);
            late.learn(POPULATION.responses(t), label, a.decodedDegrees(), b);
            assertEquals(a.outcome(), b.outcome(), "frame " + t);
            assertEquals(a.version(), b.version());
            assertEquals(Double.doubleToRawLongBits(a.decodedDegrees()), Double.doubleToRawLongBits(b.decodedDegrees()));
            assertEquals(Double.doubleToRawLongBits(a.errorDegrees()), Double.doubleToRawLongBits(b.errorDegrees()));
        }
        assertArrayEquals(inline.snapshot(), late.snapshot());
        assertEquals(60, late.stats().labelledFrames());
        assertTrue(late.stats().driftAlarms() > 0, "no alarm: the drift state was not exercised");
    }

    @Test
    void aLateLabelScoresTheAngleDecodedAtFrameTime() {
        OnlineDecoder decoder = new OnlineDecoder(CONFIG, 211);
        StepResult r = new StepResult();
        decoder.decode(POPULATION.responses(0), Double.NaN, r);
        double atFrameTime = r.decodedDegrees();
        decoder.decode(POPULATION.responses(1), Double.NaN, r);
        decoder.learn(POPULATION.responses(0), 10.0, atFrameTime, r);
        assertEquals(StepOutcome.LEARNED, r.outcome());
        assertEquals(Double.doubleToRawLongBits(atFrameTime), Double.doubleToRawLongBits(r.decodedDegrees()));
        assertEquals(io.livedecode.protocol.Angles.circularDistance(atFrameTime, 10.0, 360), r.errorDegrees(), 0);
        assertEquals(1, decoder.stats().labelledFrames());
        assertEquals(1, decoder.stats().unlabelledFrames());
        byte[] before = decoder.snapshot();
        decoder.learn(POPULATION.responses(1), Double.NaN, 5.0, r);
        assertEquals(StepOutcome.DECODED_ONLY, r.outcome());
        assertArrayEquals(before, decoder.snapshot(), "a withdrawn label changes nothing");
    }

    @Test
    void aPendingUpdateMustBeLearnedFirst() {
        OnlineDecoder decoder = new OnlineDecoder(CONFIG, 211);
        StepResult r = new StepResult();
        decoder.decode(POPULATION.responses(0), POPULATION.stimulus(0), r);
        assertEquals("the previous labelled frame has not been learned yet; call learnDecoded first",
                assertThrows(IllegalStateException.class,
                        () -> decoder.decode(POPULATION.responses(1), Double.NaN, r)).getMessage());
        assertThrows(IllegalStateException.class, decoder::snapshot);
        decoder.learnDecoded(r);
        assertEquals(StepOutcome.LEARNED, r.outcome());
        assertEquals(1, decoder.version());
    }
}
