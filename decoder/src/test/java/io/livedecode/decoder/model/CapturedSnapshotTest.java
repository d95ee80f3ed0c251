package io.livedecode.decoder.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A captured snapshot renders to exactly the bytes {@link OnlineDecoder#snapshot} gives at the moment
 * of capture, whatever the decoder does afterwards and however many captures share a staging.
 */
class CapturedSnapshotTest {
    private static final int NEURONS = 203;
    private static final VonMisesPopulation POPULATION = new VonMisesPopulation(NEURONS, 2.0, 11);
    private static final List<DecoderConfig> CONFIGS = List.of(
            DecoderConfig.linear(),
            DecoderConfig.relu(17).toBuilder().optimizer(Optimizer.RMSPROP_FACTORED).averagingHorizon(30).build(),
            DecoderConfig.relu(17).toBuilder().momentum(0.9).dropout(0.2).rehearsal(3, 40).build(),
            DecoderConfig.relu(9).toBuilder().optimizer(Optimizer.RMSPROP).momentum(0.5).l1(1e-4).build(),
            DecoderConfig.relu(9).toBuilder().hiddenLayers(List.of(9, 5)).optimizer(Optimizer.ADAM).build());

    @Test
    void rendersTheBytesOfTheMomentOfCapture() {
        SnapshotStaging staging = new SnapshotStaging();
        for (DecoderConfig config : CONFIGS) {
            OnlineDecoder decoder = new OnlineDecoder(config, NEURONS);
            train(decoder, 0, 60);
            byte[] expected = decoder.snapshot();
            staging.reset();
            CapturedSnapshot captured = decoder.capture(staging);
            train(decoder, 60, 40);
            assertEquals(expected.length, captured.length(), config.toString());
            assertArrayEquals(expected, captured.toByteArray(), config.toString());
            OnlineDecoder restored = OnlineDecoder.restore(captured.toByteArray());
            assertArrayEquals(expected, restored.snapshot());
        }
    }

    @Test
    void capturesShareAStagingAndRenderIntoOneArray() {
        SnapshotStaging staging = new SnapshotStaging();
        byte[][] expected = new byte[CONFIGS.size()][];
        CapturedSnapshot[] captured = new CapturedSnapshot[CONFIGS.size()];
        for (int round = 0; round < 2; round++) {
            staging.reset();
            long capacity = staging.capacityBytes();
            int total = 0;
            for (int i = 0; i < CONFIGS.size(); i++) {
                OnlineDecoder decoder = new OnlineDecoder(CONFIGS.get(i), NEURONS);
                train(decoder, 0, 30 + 10 * round);
                expected[i] = decoder.snapshot();
                captured[i] = decoder.capture(staging);
                total += captured[i].length();
            }
            byte[] all = new byte[total + 3];
            int at = 3;
            for (CapturedSnapshot c : captured) {
                c.writeTo(all, at);
                at += c.length();
            }
            at = 3;
            for (int i = 0; i < CONFIGS.size(); i++) {
                assertArrayEquals(expected[i], java.util.Arrays.copyOfRange(all, at, at + expected[i].length), "model " + i);
                at += expected[i].length;
            }
            if (round == 1) {
                assertEquals(capacity, staging.capacityBytes(), "the second round reuses the first round's storage");
            }
        }
    }

    @Test
    void aDecoderBetweenDecodeAndLearnCannotBeCaptured() {
        OnlineDecoder decoder = new OnlineDecoder(CONFIGS.get(1), NEURONS);
        decoder.decode(POPULATION.responses(0), POPULATION.stimulus(0), new StepResult());
        assertThrows(IllegalStateException.class, () -> decoder.capture(new SnapshotStaging()));
    }

    private static void train(OnlineDecoder decoder, int from, int frames) {
        StepResult r = new StepResult();
        for (int t = from; t < from + frames; t++) {
            decoder.step(POPULATION.responses(t), t % 4 == 3 ? Double.NaN : POPULATION.stimulus(t), r);
        }
    }
}
