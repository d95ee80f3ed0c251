package io.livedecode.decoder.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SnapshotTest {
    private static final VonMisesPopulation POPULATION = new VonMisesPopulation(300, 2.0, 11);

    /** Momentum, RMSProp, dropout, L1, L2, rehearsal and two hidden layers: every piece of state. */
    private static final DecoderConfig EVERYTHING = DecoderConfig.builder().hiddenLayers(List.of(40, 20))
            .learningRate(0.001).momentum(0.8).optimizer(Optimizer.RMSPROP).weightDecay(0.01).l1(1e-4)
            .dropout(0.2).gradientClipNorm(10).rehearsal(3, 50).learningRateDecayFrames(100).seed(5)
            .statsWindow(30).build();

    @Test
    void restoringMidStreamContinuesBitForBitWithMomentum() {
        DecoderConfig momentum = DecoderConfig.relu(64).toBuilder().momentum(0.9).learningRate(0.01).build();
        assertContinuesExactly(momentum);
    }

    @Test
    void restoringMidStreamContinuesBitForBitWithEveryFeature() {
        assertContinuesExactly(EVERYTHING);
    }

    @Test
    void restoringMidStreamContinuesBitForBitWithAdamAndFactoredRmsProp() {
        assertContinuesExactly(DecoderConfig.relu(32).toBuilder().optimizer(Optimizer.ADAM).rateByFanIn(true)
                .learningRate(0.05).weightDecay(0.01).l1(1e-3).l1Mode(L1Mode.SUBGRADIENT).rehearsal(2, 40).build());
        assertContinuesExactly(DecoderConfig.relu(32).toBuilder().optimizer(Optimizer.RMSPROP_FACTORED)
                .rateByFanIn(true).learningRate(0.05).dropout(0.1).rehearsal(7, 40).rehearsalBudget(40_000).build());
    }

    /**
     * A hair-trigger detector fires again and again on this stream, so the snapshot falls inside a
     * learning-rate boost with a restarted, forgetting standardiser: all of it must come back, with
     * both drift tests, the error test alone and the input test alone (three snapshot layouts).
     */
    @ParameterizedTest(name = "error threshold {0}, input threshold {1}")
    @CsvSource({"0.5, 0.5", "0.5, 0", "0, 0.5"})
    void restoringInsideADriftResponseContinuesBitForBit(double errorThreshold, double inputThreshold) {
        DecoderConfig config = DecoderConfig.relu(32).toBuilder().optimizer(Optimizer.RMSPROP_FACTORED)
                .rateByFanIn(true).learningRate(0.05).rehearsal(2, 40)
                .drift(new DriftSettings(30, 0, errorThreshold, 5, 20, 3, 40, 10, true, inputThreshold)).build();
        OnlineDecoder probe = new OnlineDecoder(config, POPULATION.neurons());
        for (int t = 0; t < 120; t++) {
            probe.step(POPULATION.responses(t), POPULATION.stimulus(t));
        }
        assertTrue(probe.stats().driftAlarms() >= 3, "alarms before the snapshot: " + probe.stats().driftAlarms());
        assertContinuesExactly(config);
    }

    private static void assertContinuesExactly(DecoderConfig config) {
        OnlineDecoder uninterrupted = new OnlineDecoder(config, POPULATION.neurons());
        OnlineDecoder first = new OnlineDecoder(config, POPULATION.neurons());
        StepResult a = new StepResult();
        StepResult b = new StepResult();
        for (int t = 0; t < 120; t++) {
            double label = t % 10 == 9 ? Double.NaN : POPULATION.stimulus(t);
            uninterrupted.step(POPULATION.responses(t), label, a);
            first.step(POPULATION.responses(t), label, b);
        }
        byte[] snapshot = first.snapshot();
        OnlineDecoder restored = OnlineDecoder.restore(snapshot, config);
        assertArrayEquals(snapshot, restored.snapshot(), "a restored decoder snapshots to the same bytes");
        assertEquals(first.stats(), restored.stats());
        for (int t = 120; t < 200; t++) {
            float[] x = POPULATION.responses(t);
            double label = t % 10 == 9 ? Double.NaN : POPULATION.stimulus(t);
            assertEquals(Double.doubleToRawLongBits(uninterrupted.predict(x)), Double.doubleToRawLongBits(restored.predict(x)));
            uninterrupted.step(x, label, a);
            restored.step(x, label, b);
            assertEquals(Double.doubleToRawLongBits(a.decodedDegrees()), Double.doubleToRawLongBits(b.decodedDegrees()),
                    "frame " + t);
            assertEquals(a.version(), b.version());
        }
        assertEquals(uninterrupted.stats(), restored.stats());
        assertArrayEquals(uninterrupted.snapshot(), restored.snapshot());
        assertTrue(uninterrupted.version() >= 150, "updates applied: " + uninterrupted.version());
    }

    @Test
    void snapshotHoldsTheOptimiserBuffers() {
        OnlineDecoder plain = new OnlineDecoder(DecoderConfig.relu(64), POPULATION.neurons());
        OnlineDecoder withMomentum = new OnlineDecoder(DecoderConfig.relu(64).toBuilder().momentum(0.9).build(),
                POPULATION.neurons());
        long weights = 64L * 300 + 64 + 2 * 64 + 2;
        assertTrue(withMomentum.snapshot().length - plain.snapshot().length >= 4 * weights,
                "momentum adds one float per parameter");
    }

    @Test
    void corruptSnapshotsAreRefusedWithAReason() {
        OnlineDecoder decoder = new OnlineDecoder(EVERYTHING, POPULATION.neurons());
        for (int t = 0; t < 20; t++) {
            decoder.step(POPULATION.responses(t), POPULATION.stimulus(t));
        }
        byte[] good = decoder.snapshot();

        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x10;
        assertMessage("checksum mismatch", flipped, null);

        assertMessage("snapshot too short", Arrays.copyOf(good, 7), null);
        assertMessage("checksum mismatch", Arrays.copyOf(good, good.length - 100), null);

        byte[] magic = good.clone();
        magic[0] = 'X';
        assertMessage("not a decoder snapshot", magic, null);

        byte[] version = good.clone();
        version[4] = 99;
        assertMessage("unsupported snapshot format version 99", version, null);

        assertMessage("different configuration", good, EVERYTHING.toBuilder().seed(6).build());
        assertEquals(decoder.stats(), OnlineDecoder.restore(good, EVERYTHING).stats());
    }

    private static void assertMessage(String expectedPart, byte[] bytes, DecoderConfig expected) {
        InvalidSnapshotException e = assertThrows(InvalidSnapshotException.class,
                () -> {
                    if (expected == null) {
                        OnlineDecoder.restore(bytes);
                    } else {
                        OnlineDecoder.restore(bytes, expected);
                    }
                });
        assertTrue(e.getMessage().contains(expectedPart), () -> "message was: " + e.getMessage());
    }
}
