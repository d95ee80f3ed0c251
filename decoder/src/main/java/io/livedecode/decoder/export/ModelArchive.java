package io.livedecode.decoder.export;

import io.livedecode.decoder.model.ModelState;
import io.livedecode.decoder.provenance.BuildVersion;
import io.livedecode.decoder.provenance.ConfigText;
import java.util.Locale;

/**
 * A decoder variant's model as an {@code .npz} numpy loads. Arrays (the README shows how to
 * decode with them):
 *
 * <pre>
 * layers                          int64          number of layers; layer 0 reads the neurons
 * layer{k}_weight                 float32 (r, c) C order: r units fed by c inputs
 * layer{k}_bias                   float32 (r,)
 * layer{k}_activation             str            relu or linear, applied to weight @ input + bias
 * layer{k}_{weight,bias}_{buffer} float32        optimiser state when the variant keeps it
 *                                                (velocity: momentum; mean_square: RMSProp)
 * neurons                         int64          n
 * standardizer_count              int64          labelled frames in the running statistics
 * standardizer_mean               float64 (n,)   running mean per neuron
 * standardizer_m2                 float64 (n,)   running sum of squared deviations; variance = m2 / count
 * period_degrees                  float64        360 (direction) or 180 (orientation)
 * target_encoding                 str            cos_sin or raw_degrees
 * activation                      str            the hidden layers' activation
 * model_version                   int64          updates applied, as in the decoded records
 * config                          str            the variant's configuration, canonical JSON
 * config_hash, build              str            as in the decoded records
 * session, variant                str
 * </pre>
 */
public final class ModelArchive {

    private ModelArchive() {
    }

    /** The archive's bytes; allocates about twice the size of the state's arrays. */
    public static byte[] write(String session, String variant, ModelState state) {
        long estimate = 4096 + 16L * state.neurons();
        for (ModelState.Layer layer : state.layers()) {
            estimate += 4L * (1 + layer.buffers().size()) * ((long) layer.rows() * layer.cols() + layer.rows());
        }
        NpzWriter npz = new NpzWriter((int) Math.min(Integer.MAX_VALUE - 64, estimate));
        npz.int64("layers", state.layers().size());
        for (int k = 0; k < state.layers().size(); k++) {
            ModelState.Layer layer = state.layers().get(k);
            int[] shape = {layer.rows(), layer.cols()};
            npz.float32("layer" + k + "_weight", shape, cOrder(layer.weight(), layer.rows(), layer.cols()));
            npz.float32("layer" + k + "_bias", new int[] {layer.rows()}, layer.bias());
            npz.text("layer" + k + "_activation", name(layer.activation()));
            for (ModelState.Buffer buffer : layer.buffers()) {
                npz.float32("layer" + k + "_weight_" + buffer.name(), shape,
                        cOrder(buffer.weight(), layer.rows(), layer.cols()));
                npz.float32("layer" + k + "_bias_" + buffer.name(), new int[] {layer.rows()}, buffer.bias());
            }
        }
        int[] perNeuron = {state.neurons()};
        npz.int64("neurons", state.neurons())
                .int64("standardizer_count", state.standardizerCount())
                .float64("standardizer_mean", perNeuron, state.mean())
                .float64("standardizer_m2", perNeuron, state.m2())
                .float64("period_degrees", state.config().periodDegrees())
                .text("target_encoding", name(state.config().targetEncoding()))
                .text("activation", name(state.config().activation()))
                .int64("model_version", state.version())
                .text("config", ConfigText.canonicalJson(state.config()))
                .text("config_hash", ConfigText.hash(state.config()))
                .text("build", BuildVersion.current())
                .text("session", session)
                .text("variant", variant);
        return npz.finish();
    }

    /**
     * Column-by-column storage to C order (row by row), a block of columns at a time so each row's
     * writes fill whole cache lines (a 23,589 x 200 layer transposes in a few milliseconds).
     */
    static float[] cOrder(float[] columnMajor, int rows, int cols) {
        final int block = 16;
        float[] out = new float[columnMajor.length];
        for (int j0 = 0; j0 < cols; j0 += block) {
            int j1 = Math.min(cols, j0 + block);
            for (int i = 0; i < rows; i++) {
                int row = i * cols;
                for (int j = j0; j < j1; j++) {
                    out[row + j] = columnMajor[j * rows + i];
                }
            }
        }
        return out;
    }

    private static String name(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }
}
