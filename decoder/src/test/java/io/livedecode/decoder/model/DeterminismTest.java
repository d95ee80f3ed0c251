package io.livedecode.decoder.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeterminismTest {
    private static final VonMisesPopulation POPULATION = new VonMisesPopulation(257, 2.0, 3);
    private static final DecoderConfig CONFIG = DecoderConfig.builder().hiddenLayers(List.of(37)).learningRate(0.01)
            .momentum(0.5).dropout(0.1).rehearsal(2, 20).seed(9).build();

    @Test
    void sameConfigSeedAndFramesGiveIdenticalBits() {
        assertArrayEquals(run(new OnlineDecoder(CONFIG, 257)), run(new OnlineDecoder(CONFIG, 257)));
    }

    @Test
    void scalarAndVectorKernelsGiveIdenticalBits() {
        for (DecoderConfig config : List.of(CONFIG, CONFIG.toBuilder().optimizer(Optimizer.RMSPROP).l1(1e-4).build(),
                DecoderConfig.linear())) {
            OnlineDecoder scalar = OnlineDecoder.create(config, 257, WeightKernels.scalar());
            OnlineDecoder vector = OnlineDecoder.create(config, 257, VectorKernels.INSTANCE);
            assertArrayEquals(run(scalar), run(vector));
            assertArrayEquals(scalar.snapshot(), vector.snapshot());
        }
    }

    @Test
    void theSeedMatters() {
        long[] a = run(new OnlineDecoder(CONFIG, 257));
        long[] b = run(new OnlineDecoder(CONFIG.toBuilder().seed(10).build(), 257));
        assertFalse(java.util.Arrays.equals(a, b));
    }

    @Test
    void predictChangesNothing() {
        OnlineDecoder probed = new OnlineDecoder(CONFIG, 257);
        OnlineDecoder plain = new OnlineDecoder(CONFIG, 257);
        for (int t = 0; t < 60; t++) {
            double first = probed.predict(POPULATION.responses(500 + t));
            assertEquals(first, probed.predict(POPULATION.responses(500 + t)));
            probed.step(POPULATION.responses(t), POPULATION.stimulus(t));
            plain.step(POPULATION.responses(t), POPULATION.stimulus(t));
        }
        assertArrayEquals(plain.modelState(), probed.modelState());
    }

    /** Decoded angles of 80 frames (every fifth unlabelled) as raw bits, then the version. */
    private static long[] run(OnlineDecoder decoder) {
        long[] bits = new long[81];
        StepResult r = new StepResult();
        for (int t = 0; t < 80; t++) {
            decoder.step(POPULATION.responses(t), t % 5 == 4 ? Double.NaN : POPULATION.stimulus(t), r);
            bits[t] = Double.doubleToRawLongBits(r.decodedDegrees());
        }
        bits[80] = decoder.version();
        return bits;
    }
}
