package io.livedecode.decoder.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A copy of what an {@link OnlineDecoder} has learned, detached from it so it can be written out
 * (e.g. as an npz for numpy) on another thread while the decoder goes on. Decoding a frame
 * {@code x} with this state is exactly what the decoder does:
 *
 * <pre>
 * var = m2 * (1 / count)                               (population variance; count = 0: all zero)
 * z   = var > 0 ? (x - mean) * (1 / sqrt(n)) / sqrt(var) : 0   (per neuron, then as float32)
 * h   = z;  for each layer: h = activation(weight . h + bias)
 * angle = cos/sin targets: atan2(h[1], h[0]) * period / (2 pi), wrapped into [0, period)
 *         raw degrees:      h[0] * period, wrapped into [0, period)
 * </pre>
 *
 * @param config           the variant's configuration
 * @param neurons          input size n
 * @param version          updates applied (the model version of decoded records)
 * @param standardizerCount labelled frames in the running statistics
 * @param mean             per-neuron running mean
 * @param m2               per-neuron running sum of squared deviations (Welford's M2)
 * @param layers           input side first; the last is the linear output layer
 */
public record ModelState(DecoderConfig config, int neurons, long version, long standardizerCount, double[] mean,
                         double[] m2, List<Layer> layers) {

    /**
     * One layer: {@code rows} units fed by {@code cols} inputs.
     *
     * @param weight     rows x cols, column by column (element (i, j) at {@code j * rows + i})
     * @param bias       one per unit
     * @param activation applied to {@code weight . input + bias}
     * @param buffers    the optimiser's weight-shaped state of this layer, if it keeps any (momentum, RMSProp),
 *                   and the last trained weights of a variant that decodes with averages
     */
    public record Layer(int rows, int cols, float[] weight, float[] bias, Activation activation,
                        List<Buffer> buffers) {
    }

    /**
     * Optimiser state shaped like a layer's parameters.
     *
     * @param name   {@code velocity} (momentum), {@code mean_square} (RMSProp) or {@code trained} (the trained
 *               weights behind averaged ones)
     * @param weight rows x cols, column by column like {@link Layer#weight}
     * @param bias   one per unit
     */
    public record Buffer(String name, float[] weight, float[] bias) {
    }

    static ModelState capture(OnlineDecoder decoder, OnlineStandardizer standardizer, SmileNetwork network) {
        NetworkLayer[] source = network.layers();
        List<Layer> layers = new ArrayList<>(source.length);
        for (int l = 0; l < source.length; l++) {
            NetworkLayer layer = source[l];
            // The output layer is linear whatever the hidden layers' activation.
            Activation activation = l < source.length - 1 ? decoder.config().activation() : Activation.LINEAR;
            List<Buffer> buffers = new ArrayList<>();
            addBuffer(buffers, "velocity", layer, layer.weightVelocity, layer.biasVelocity);
            addBuffer(buffers, "mean_square", layer, layer.weightSquare, layer.biasSquare);
            // A variant that averages its weights decodes with the averages; its last trained weights go alongside.
            boolean averaged = layer.averageWeight != null;
            if (averaged) {
                addBuffer(buffers, "trained", layer, layer.weight, layer.bias);
            }
            float[] weight = averaged ? layer.averageWeight : layer.weight;
            float[] bias = averaged ? layer.averageBias : layer.bias;
            layers.add(new Layer(layer.rows, layer.cols, dense(layer, weight),
                    java.util.Arrays.copyOf(bias, layer.rows), activation, List.copyOf(buffers)));
        }
        return new ModelState(decoder.config(), decoder.neuronCount(), decoder.version(), standardizer.count(),
                standardizer.meanCopy(), standardizer.m2Copy(), List.copyOf(layers));
    }

    private static void addBuffer(List<Buffer> buffers, String name, NetworkLayer layer, float[] weight, float[] bias) {
        if (weight != null) {
            buffers.add(new Buffer(name, dense(layer, weight), java.util.Arrays.copyOf(bias, layer.rows)));
        }
    }

    /** The layer's rows x cols elements without Smile's column padding. */
    private static float[] dense(NetworkLayer layer, float[] storage) {
        float[] out = new float[layer.rows * layer.cols];
        for (int j = 0; j < layer.cols; j++) {
            System.arraycopy(storage, j * layer.ld, out, j * layer.rows, layer.rows);
        }
        return out;
    }
}
