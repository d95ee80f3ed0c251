package io.livedecode.decoder.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Weights computed from their draw index are the weights one sequential generator gives filling
 * the layers in order, column by column, bit for bit: seeds keep their meaning and snapshots of
 * models created before stay the same models.
 */
class InitialisationTest {

    @Test
    void everyWeightIsTheSequentialGeneratorsDraw() {
        for (DecoderConfig config : List.of(DecoderConfig.relu(7), DecoderConfig.linear(),
                DecoderConfig.relu(5).toBuilder().hiddenLayers(List.of(5, 3)).seed(99).build())) {
            int inputs = 13;
            NetworkLayer[] layers = OnlineDecoder.create(config, inputs, WeightKernels.scalar()).network().layers();
            SplitMix64 sequential = new SplitMix64(0);
            sequential.reseed(config.seed(), 0, Streams.INITIALISATION);
            for (NetworkLayer layer : layers) {
                double range = Math.sqrt(6.0 / (layer.rows + layer.cols));
                float largest = 0f;
                for (int j = 0; j < layer.cols; j++) {
                    for (int i = 0; i < layer.rows; i++) {
                        float expected = (float) (range * (2 * sequential.nextDouble() - 1));
                        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(layer.weight[j * layer.ld + i]),
                                config.hiddenLayers() + " layer " + layer.rows + "x" + layer.cols + " (" + i + ", " + j + ")");
                        largest = Math.max(largest, Math.abs(expected));
                    }
                }
                for (int i = 0; i < layer.rows; i++) {
                    assertEquals(0f, layer.bias[i]);
                }
                assertEquals(largest, layer.parameterBound);
                assertNotEquals(0f, largest);
            }
        }
    }

    @Test
    void aDrawByIndexEqualsTheSequentialDraw() {
        long state = SplitMix64.start(42, 7, Streams.INITIALISATION);
        SplitMix64 sequential = new SplitMix64(0);
        sequential.reseed(42, 7, Streams.INITIALISATION);
        for (long index = 0; index < 10_000; index++) {
            assertEquals(Double.doubleToRawLongBits(sequential.nextDouble()),
                    Double.doubleToRawLongBits(SplitMix64.draw(state, index)), "draw " + index);
        }
    }
}
