package io.livedecode.decoder.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RegularisationTest {
    private static final VonMisesPopulation POPULATION = new VonMisesPopulation(400, 2.0, 17);
    private static final DecoderConfig RELU = DecoderConfig.relu(32).toBuilder().learningRate(0.05).seed(3).build();

    @Test
    void l1MakesFirstLayerWeightsExactlyZero() {
        OnlineDecoder plain = train(RELU, 150);
        OnlineDecoder sparse = train(RELU.toBuilder().l1(0.01).build(), 150);
        long total = 32L * 400;
        assertEquals(0, plain.zeroWeightsInFirstLayer());
        assertTrue(sparse.zeroWeightsInFirstLayer() > total / 4,
                "zeros with L1: " + sparse.zeroWeightsInFirstLayer() + " of " + total);
    }

    @Test
    void weightDecayShrinksWeights() {
        double plain = firstLayerNorm(train(RELU, 150));
        double decayed = firstLayerNorm(train(RELU.toBuilder().weightDecay(1.0).build(), 150));
        assertTrue(decayed < 0.5 * plain, "norm with decay " + decayed + " vs " + plain);
    }

    @Test
    void dropoutAppliesOnlyWhileLearning() {
        DecoderConfig dropout = RELU.toBuilder().dropout(0.5).build();
        OnlineDecoder a = new OnlineDecoder(dropout, 400);
        OnlineDecoder b = new OnlineDecoder(RELU, 400);
        float[] probe = POPULATION.responses(1000);
        assertEquals(b.predict(probe), a.predict(probe), "same seed, same initial weights, no dropout in predict");
        assertEquals(a.predict(probe), a.predict(probe));
        for (int t = 0; t < 50; t++) {
            a.step(POPULATION.responses(t), POPULATION.stimulus(t));
            b.step(POPULATION.responses(t), POPULATION.stimulus(t));
            assertEquals(a.predict(probe), a.predict(probe), "predict is deterministic");
        }
        assertNotEquals(a.predict(probe), b.predict(probe), "learning with dropout takes different steps");
        OnlineDecoder again = train(dropout, 50);
        assertArrayEquals(a.modelState(), again.modelState(), "dropout masks come from the seed");
    }

    private static OnlineDecoder train(DecoderConfig config, int frames) {
        OnlineDecoder decoder = new OnlineDecoder(config, 400);
        for (int t = 0; t < frames; t++) {
            decoder.step(POPULATION.responses(t), POPULATION.stimulus(t));
        }
        return decoder;
    }

    private static double firstLayerNorm(OnlineDecoder decoder) {
        NetworkLayer layer = decoder.network().layers()[0];
        double sum = 0;
        for (int j = 0; j < layer.cols; j++) {
            for (int i = 0; i < layer.rows; i++) {
                double w = layer.weight[j * layer.ld + i];
                sum += w * w;
            }
        }
        return Math.sqrt(sum);
    }
}
