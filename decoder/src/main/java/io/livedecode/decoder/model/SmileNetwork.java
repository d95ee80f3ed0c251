package io.livedecode.decoder.model;

import java.util.List;
import smile.model.mlp.ActivationFunction;
import smile.model.mlp.Cost;
import smile.model.mlp.HiddenLayer;
import smile.model.mlp.OutputFunction;
import smile.model.mlp.OutputLayer;

/**
 * A Smile multilayer perceptron (Smile {@link HiddenLayer}s and a linear, mean-squared-error
 * {@link OutputLayer}) trained one sample at a time with fused kernels.
 *
 * <p>Why not Smile's {@code MultilayerPerceptron} training loop: it needs at least one hidden layer
 * (a linear readout has none); it keeps momentum and RMSProp state in per-thread buffers that are
 * neither serialised nor kept when the calling thread changes; its online update recomputes the
 * forward pass the prediction just ran, applies RMSProp only to mini-batches, decays weights in a
 * separate pass and draws dropout masks from a global generator; and its BLAS products may sum in
 * a different order on another machine. Here the layers, their weight and bias storage, Glorot
 * range, activation and output functions are Smile's; training reuses the prediction's forward
 * pass, fuses each layer's update into one pass, and is bit-reproducible.
 *
 * <p>Not thread-safe: one writer at a time.
 */
final class SmileNetwork {
    /** Updates that could push any parameter above this are refused: far above any sane weight, far below float overflow. */
    static final double PARAMETER_LIMIT = 1e12;
    /** Gradient elements above this are refused (their squares would overflow a float in RMSProp). */
    static final double GRADIENT_LIMIT = 1e15;
    /** Exact bounds are recomputed this often (in applied updates) so the running bounds stay tight. */
    private static final int BOUND_REFRESH_UPDATES = 1024;
    private static final float[] ONE = {1f};

    private final DecoderConfig config;
    private final WeightKernels kernels;
    private final NetworkLayer[] layers;
    private final NetworkLayer output;
    private final ActivationFunction activation;
    private final SplitMix64 rng = new SplitMix64(0);
    /** Candidate (parameter, velocity) bounds per layer, committed only when every layer passes. */
    private final double[] boundScratch;
    private long applied;

    SmileNetwork(DecoderConfig config, int inputs, WeightKernels kernels) {
        this.config = config;
        this.kernels = kernels;
        this.activation = config.activation().smile();
        List<Integer> hidden = config.hiddenLayers();
        boolean momentum = config.momentum() > 0;
        boolean rmsProp = config.optimizer() == Optimizer.RMSPROP;
        boolean dropout = config.dropout() > 0;
        layers = new NetworkLayer[hidden.size() + 1];
        int p = inputs;
        for (int l = 0; l < hidden.size(); l++) {
            int units = hidden.get(l);
            layers[l] = new NetworkLayer(new HiddenLayer(units, p, config.dropout(), activation), momentum, rmsProp, dropout);
            p = units;
        }
        output = new NetworkLayer(
                new OutputLayer(config.outputs(), p, OutputFunction.LINEAR, Cost.MEAN_SQUARED_ERROR), momentum, rmsProp, false);
        layers[hidden.size()] = output;
        boundScratch = new double[2 * layers.length];
    }

    /** Draws all weights from the configured seed (Smile's own initialisation is not seedable per model). */
    void initialise() {
        rng.reseed(config.seed(), 0, Streams.INITIALISATION);
        for (NetworkLayer layer : layers) {
            layer.initialise(rng);
        }
    }

    NetworkLayer[] layers() {
        return layers;
    }

    /** Updates applied since creation. */
    long applied() {
        return applied;
    }

    void applied(long value) {
        applied = value;
    }

    /**
     * Forward pass without dropout.
     *
     * @return the output activations (valid until the next pass)
     */
    float[] predict(float[] z) {
        float[] in = z;
        for (NetworkLayer layer : layers) {
            kernels.affine(layer.weight, layer.ld, layer.rows, layer.cols, in, layer.bias, layer.act);
            layer.smile.transform(layer.actView);
            in = layer.act;
        }
        return output.act;
    }

    /**
     * One SGD step on {@code (z, target)}, reusing the activations {@link #predict} left for the same
     * {@code z}. The step is checked before anything changes: if an output, error or gradient is not
     * finite, or the update could push a parameter above {@link #PARAMETER_LIMIT}, nothing is modified.
     *
     * @param zMax       largest |z|, from the standardiser
     * @param eta        the learning rate of this step
     * @param dropoutKey selects this step's dropout masks (a pure function of the stream position)
     * @return true if the update was applied, false if refused
     */
    boolean learn(float[] z, float zMax, float[] targetValues, double eta, long dropoutKey) {
        if (config.dropout() > 0) {
            trainingForward(dropoutKey);
        }
        for (int i = 0; i < output.rows; i++) {
            float y = output.act[i];
            if (!Float.isFinite(y)) {
                return false;
            }
            output.delta[i] = targetValues[i] - y;
        }
        OutputFunction.LINEAR.g(Cost.MEAN_SQUARED_ERROR, output.deltaView, output.actView);
        clip(output.delta, output.rows);
        for (int l = layers.length - 2; l >= 0; l--) {
            NetworkLayer layer = layers[l];
            NetworkLayer upper = layers[l + 1];
            WeightKernels.transposeTimes(upper.weight, upper.ld, upper.rows, upper.cols, upper.delta, layer.delta);
            activation.g(layer.deltaView, layer.actView);
            if (layer.mask != null) {
                for (int i = 0; i < layer.rows; i++) {
                    layer.delta[i] *= layer.mask[i];
                }
            }
            clip(layer.delta, layer.rows);
        }
        if (!withinBounds(zMax, eta)) {
            return false;
        }
        float[] in = z;
        for (NetworkLayer layer : layers) {
            update(layer, in, eta);
            in = layer.kept;
        }
        applied++;
        if (applied % BOUND_REFRESH_UPDATES == 0) {
            for (NetworkLayer layer : layers) {
                layer.refreshBounds();
            }
        }
        return true;
    }

    /** Applies dropout to the hidden activations and recomputes what lies above the first hidden layer. */
    private void trainingForward(long dropoutKey) {
        rng.reseed(config.seed(), dropoutKey, Streams.DROPOUT);
        float keep = (float) (1 / (1 - config.dropout()));
        float[] in = null;
        for (int l = 0; l < layers.length; l++) {
            NetworkLayer layer = layers[l];
            if (l > 0) {
                kernels.affine(layer.weight, layer.ld, layer.rows, layer.cols, in, layer.bias, layer.act);
                layer.smile.transform(layer.actView);
            }
            if (layer.mask != null) {
                for (int i = 0; i < layer.rows; i++) {
                    layer.mask[i] = rng.nextDouble() < config.dropout() ? 0f : keep;
                    layer.kept[i] = layer.act[i] * layer.mask[i];
                }
            }
            in = layer.kept;
        }
    }

    private void clip(float[] delta, int n) {
        double limit = config.gradientClipNorm();
        if (limit == 0) {
            return;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += (double) delta[i] * delta[i];
        }
        double norm = Math.sqrt(sum);
        if (norm > limit) {
            float scale = (float) (limit / norm);
            for (int i = 0; i < n; i++) {
                delta[i] *= scale;
            }
        }
    }

    /**
     * Bounds every parameter after the step from the bounds before it and the largest error and
     * input of each layer; stores the new bounds only if all layers pass.
     */
    private boolean withinBounds(float zMax, double eta) {
        double inMax = zMax;
        double[] bounds = boundScratch;
        for (int l = 0; l < layers.length; l++) {
            NetworkLayer layer = layers[l];
            double gMax = 0;
            for (int i = 0; i < layer.rows; i++) {
                gMax = Math.max(gMax, Math.abs(layer.delta[i]));
            }
            double grad = gMax * Math.max(inMax, 1);
            if (!(grad <= GRADIENT_LIMIT)) {
                return false;
            }
            double step = config.optimizer() == Optimizer.RMSPROP
                    ? eta * Math.min(1 / Math.sqrt(1 - config.rmsPropRho()), grad / Math.sqrt(config.rmsPropEpsilon()))
                    : eta * grad;
            double velocity = config.momentum() * layer.velocityBound + step;
            double parameter = layer.parameterBound + (config.momentum() > 0 ? velocity : step);
            if (!(parameter <= PARAMETER_LIMIT)) {
                return false;
            }
            bounds[2 * l] = parameter;
            bounds[2 * l + 1] = config.momentum() > 0 ? velocity : 0;
            inMax = maxAbs(layer.kept, layer.rows);
        }
        for (int l = 0; l < layers.length; l++) {
            layers[l].parameterBound = bounds[2 * l];
            layers[l].velocityBound = bounds[2 * l + 1];
        }
        return true;
    }

    private static double maxAbs(float[] a, int n) {
        float m = 0f;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, Math.abs(a[i]));
        }
        return m;
    }

    private void update(NetworkLayer layer, float[] in, double eta) {
        float e = (float) eta;
        float decay = (float) (1 - 2 * eta * config.smileLambda());
        float shrink = (float) (eta * config.l1());
        float mu = (float) config.momentum();
        int r = layer.rows;
        if (config.optimizer() == Optimizer.RMSPROP) {
            float rho = (float) config.rmsPropRho();
            float eps = (float) config.rmsPropEpsilon();
            kernels.rmsProp(layer.weight, layer.weightSquare, layer.weightVelocity, layer.ld, r, layer.cols, in,
                    layer.delta, e, rho, eps, mu, decay, shrink);
            kernels.rmsProp(layer.bias, layer.biasSquare, layer.biasVelocity, r, r, 1, ONE,
                    layer.delta, e, rho, eps, mu, 1f, 0f);
        } else if (layer.weightVelocity != null) {
            kernels.momentum(layer.weight, layer.weightVelocity, layer.ld, r, layer.cols, in, layer.delta,
                    e, mu, decay, shrink);
            kernels.momentum(layer.bias, layer.biasVelocity, r, r, 1, ONE, layer.delta, e, mu, 1f, 0f);
        } else {
            kernels.sgd(layer.weight, layer.ld, r, layer.cols, in, layer.delta, e, decay, shrink);
            kernels.sgd(layer.bias, r, r, 1, ONE, layer.delta, e, 1f, 0f);
        }
    }
}
