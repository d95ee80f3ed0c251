package io.livedecode.decoder.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.protocol.Angles;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exported state decodes as the decoder does, carries the optimiser's buffers and is a copy. */
class ModelStateTest {

    private static final VonMisesPopulation POPULATION = new VonMisesPopulation(257, 2.0, 21);

    @Test
    void theStateDecodesEveryFrameAsTheDecoderDoes() {
        for (DecoderConfig config : List.of(DecoderConfig.linear(), DecoderConfig.relu(40),
                DecoderConfig.relu(40).toBuilder().hiddenLayers(List.of(30, 20)).periodDegrees(180).build(),
                DecoderConfig.relu(40).toBuilder().targetEncoding(TargetEncoding.RAW_DEGREES).build(),
                DecoderConfig.linear().toBuilder().averagingHorizon(100).build())) {
            OnlineDecoder decoder = trained(config, 300);
            ModelState state = decoder.exportState();
            assertEquals(config, state.config());
            assertEquals(300, state.standardizerCount());
            assertEquals(decoder.version(), state.version());
            assertEquals(config.hiddenLayers().size() + 1, state.layers().size());
            double worst = 0;
            for (int t = 300; t < 340; t++) {
                float[] x = POPULATION.responses(t);
                double want = decoder.predict(x);
                double got = decode(state, x);
                worst = Math.max(worst, Angles.circularDistance(want, got, config.periodDegrees()));
            }
            // The decoder sums in float32; this reference in float64.
            assertTrue(worst < 1e-3, config + ": worst difference " + worst + " deg");
        }
    }

    @Test
    void optimiserBuffersAreExportedWithTheirLayers() {
        DecoderConfig momentum = DecoderConfig.relu(16).toBuilder().momentum(0.9).learningRate(0.01).build();
        DecoderConfig rmsProp = DecoderConfig.reluRehearsal(16);
        assertEquals(List.of("velocity"), bufferNames(trained(momentum, 50).exportState()));
        assertEquals(List.of("mean_square"), bufferNames(trained(rmsProp, 50).exportState()));
        assertEquals(List.of(), bufferNames(trained(DecoderConfig.relu(16), 50).exportState()));
        DecoderConfig averaged = DecoderConfig.linear().toBuilder().averagingHorizon(100).build();
        ModelState averagedState = trained(averaged, 50).exportState();
        assertEquals(List.of("trained"), bufferNames(averagedState));
        ModelState.Layer readout = averagedState.layers().getFirst();
        assertFalse(java.util.Arrays.equals(readout.weight(), readout.buffers().getFirst().weight()),
                "the decoding weights are the averages, not the trained ones");
        ModelState.Layer first = trained(momentum, 50).exportState().layers().getFirst();
        assertEquals(16 * POPULATION.neurons(), first.buffers().getFirst().weight().length);
        assertTrue(maxAbs(first.buffers().getFirst().weight()) > 0, "momentum has moved");
    }

    @Test
    void theStateIsACopy() {
        OnlineDecoder decoder = trained(DecoderConfig.relu(16), 50);
        ModelState before = decoder.exportState();
        float[] weights = before.layers().getFirst().weight().clone();
        double[] mean = before.mean().clone();
        decoder.step(POPULATION.responses(51), POPULATION.stimulus(51));
        assertArrayEquals(weights, before.layers().getFirst().weight());
        assertArrayEquals(mean, before.mean());
        assertNotEquals(before.version(), decoder.exportState().version());
    }

    private static List<String> bufferNames(ModelState state) {
        return state.layers().getFirst().buffers().stream().map(ModelState.Buffer::name).toList();
    }

    private static OnlineDecoder trained(DecoderConfig config, int frames) {
        OnlineDecoder decoder = new OnlineDecoder(config, POPULATION.neurons());
        for (int t = 0; t < frames; t++) {
            decoder.step(POPULATION.responses(t), POPULATION.stimulus(t));
        }
        return decoder;
    }

    /** The decode {@link ModelState} documents, in float64. */
    static double decode(ModelState s, float[] x) {
        int n = s.neurons();
        double scale = 1 / Math.sqrt(n);
        double[] h = new double[n];
        for (int i = 0; i < n; i++) {
            double var = s.standardizerCount() == 0 ? 0 : s.m2()[i] * (1.0 / s.standardizerCount());
            h[i] = var > 0 ? (float) ((x[i] - s.mean()[i]) * (scale / Math.sqrt(var))) : 0f;
        }
        for (ModelState.Layer layer : s.layers()) {
            double[] out = new double[layer.rows()];
            for (int i = 0; i < layer.rows(); i++) {
                double sum = layer.bias()[i];
                for (int j = 0; j < layer.cols(); j++) {
                    sum += (double) layer.weight()[j * layer.rows() + i] * h[j];
                }
                out[i] = layer.activation() == Activation.RELU ? Math.max(0, sum) : sum;
            }
            h = out;
        }
        double period = s.config().periodDegrees();
        double angle = s.config().targetEncoding() == TargetEncoding.COS_SIN
                ? Math.atan2(h[1], h[0]) * period / (2 * Math.PI) : h[0] * period;
        return Angles.wrap(angle, period);
    }

    private static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
