package io.livedecode.decoder.model;

import java.util.List;
import smile.model.mlp.ActivationFunction;
import smile.model.mlp.Cost;
import smile.model.mlp.OutputFunction;
import smile.model.mlp.OutputLayer;

/**
 * A Smile multilayer perceptron (Smile hidden layers, on storage the network initialises itself,
 * {@link AllocatedHiddenLayer}, and a linear, mean-squared-error {@link OutputLayer}) trained one
 * sample at a time with fused kernels.
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
        boolean adam = config.optimizer() == Optimizer.ADAM;
        boolean momentum = config.momentum() > 0 || adam;
        boolean rmsProp = config.optimizer() == Optimizer.RMSPROP || adam;
        boolean factored = config.optimizer() == Optimizer.RMSPROP_FACTORED;
        boolean averaged = config.averagingHorizon() > 0;
        boolean dropout = config.dropout() > 0;
        layers = new NetworkLayer[hidden.size() + 1];
        int p = inputs;
        for (int l = 0; l < hidden.size(); l++) {
            int units = hidden.get(l);
            layers[l] = new NetworkLayer(new AllocatedHiddenLayer(units, p, config.dropout(), activation), momentum, rmsProp, factored,
                    averaged, dropout);
            p = units;
        }
        output = new NetworkLayer(
                new OutputLayer(config.outputs(), p, OutputFunction.LINEAR, Cost.MEAN_SQUARED_ERROR), momentum, rmsProp, factored,
                averaged, false);
        layers[hidden.size()] = output;
        boundScratch = new double[2 * layers.length];
    }

    /**
     * Draws all weights from the configured seed (Smile's own initialisation is not seedable per
     * model): the values one generator seeded for initialisation yields filling the layers in order,
     * each computed from its draw index.
     */
    void initialise() {
        long state = SplitMix64.start(config.seed(), 0, Streams.INITIALISATION);
        long first = 0;
        for (NetworkLayer layer : layers) {
            first = layer.initialise(state, first);
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
            kernels.affine(layer.weight, layer.ld, layer.rows, layer.cols, in, layer.bias, layer.act, layer.partials);
            layer.smile.transform(layer.actView);
            in = layer.act;
        }
        return output.act;
    }

    /** Whether decoding uses averaged weights (then {@link #learn} needs a {@link #predict} of its own first). */
    boolean averaged() {
        return config.averagingHorizon() > 0;
    }

    /**
     * Forward pass with the averaged weights (the decoder's answer when averaging); leaves the
     * activations of that pass, which training must not reuse.
     */
    float[] predictAveraged(float[] z) {
        float[] in = z;
        for (NetworkLayer layer : layers) {
            kernels.affine(layer.averageWeight, layer.ld, layer.rows, layer.cols, in, layer.averageBias, layer.act,
                    layer.partials);
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
        if (config.optimizer() == Optimizer.RMSPROP_FACTORED) {
            float[] layerInput = z;
            for (NetworkLayer layer : layers) {
                layer.normalise(layerInput, config.rmsPropRho(), config.rmsPropEpsilon());
                layerInput = layer.kept;
            }
        }
        if (!withinBounds(zMax, eta)) {
            return false;
        }
        float[] in = z;
        for (NetworkLayer layer : layers) {
            update(layer, in, layerRate(layer, eta));
            in = layer.kept;
        }
        applied++;
        if (averaged()) {
            float alpha = (float) (1.0 / Math.min(applied, config.averagingHorizon()));
            for (NetworkLayer layer : layers) {
                layer.average(alpha);
            }
        }
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
                kernels.affine(layer.weight, layer.ld, layer.rows, layer.cols, in, layer.bias, layer.act,
                        layer.partials);
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
            double step = stepBound(layer, layerRate(layer, eta), grad);
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

    /**
     * The learning rate of one layer: {@code eta}, except that with {@code rateByFanIn} the first
     * layer's is {@code eta * sqrt(REFERENCE_INPUTS / inputs)}. A normalised step moves every weight
     * by about the rate, so it moves a unit fed by n standardised inputs by about
     * {@code rate * sqrt(n)}; scaling the first layer so keeps that the same on 1,000 and on 50,000
     * neurons. Deeper layers have the fan-in their variant gives them, on every population.
     */
    private double layerRate(NetworkLayer layer, double eta) {
        return config.rateByFanIn() && layer == layers[0]
                ? eta * Math.sqrt((double) DecoderConfig.REFERENCE_INPUTS / layer.cols) : eta;
    }

    /**
     * Largest change one update can make to a parameter whose gradient is at most {@code grad}.
     * RMSProp: {@code |G| / sqrt(rho s + (1 - rho) G^2)} is at most {@code 1 / sqrt(1 - rho)}. Adam: by
     * Cauchy-Schwarz over the discounted sums, {@code |m| / sqrt(v)} is at most
     * {@code (1 - b1) / sqrt((1 - b2) (1 - b1^2 / b2))} when {@code b1^2 < b2}, times the step size and
     * the root of the second correction.
     */
    private double stepBound(NetworkLayer layer, double eta, double grad) {
        double scaled = eta * stepScale(eta);
        double rmsProp = Math.min(1 / Math.sqrt(1 - config.rmsPropRho()), grad / Math.sqrt(config.rmsPropEpsilon()));
        return switch (config.optimizer()) {
            case SGD -> scaled * grad;
            case RMSPROP -> scaled * rmsProp;
            // The weights' exact largest step, computed from this step's factors; the biases' as RMSProp's.
            case RMSPROP_FACTORED -> scaled * Math.max(layer.normalisedMax, rmsProp);
            case ADAM -> {
                double b1 = config.adamBeta1();
                double b2 = config.adamBeta2();
                long t = applied + 1;
                double ratio = b1 * b1 < b2 ? (1 - b1) / Math.sqrt((1 - b2) * (1 - b1 * b1 / b2)) : Double.POSITIVE_INFINITY;
                double perGradient = grad / config.adamEpsilon();
                yield scaled / (1 - StrictMath.pow(b1, t)) * Math.min(Math.sqrt(1 - StrictMath.pow(b2, t)) * ratio, perGradient);
            }
        };
    }

    /**
     * The kernels compute {@code decay * (w + step)}; dividing the step by the decay first gives
     * {@code decay * w + step}, PyTorch's order (the penalty's gradient is taken at the old weight),
     * for SGD and, decoupled as AdamW does, for RMSProp and Adam. Momentum keeps Smile's order: the
     * velocity holds no decay, which is applied to the weights after the step.
     */
    private double stepScale(double eta) {
        if (config.weightDecay() == 0 || config.momentum() > 0) {
            return 1;
        }
        return 1 / (1 - eta * config.weightDecay());
    }

    private static double maxAbs(float[] a, int n) {
        float m = 0f;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, Math.abs(a[i]));
        }
        return m;
    }

    private void update(NetworkLayer layer, float[] in, double eta) {
        float decay = (float) (1 - eta * config.weightDecay());
        float e = (float) (eta * stepScale(eta));
        boolean proximal = config.l1Mode() == L1Mode.PROXIMAL;
        float shrink = proximal ? (float) (eta * config.l1()) : 0f;
        float mu = (float) config.momentum();
        int r = layer.rows;
        if (!proximal && config.l1() > 0) {
            // The penalty's subgradient is taken at the weights before this update, as autograd does.
            kernels.l1Subgradient(layer.weight, layer.ld, r, layer.cols, (float) (eta * config.l1()));
        }
        switch (config.optimizer()) {
            case ADAM -> {
                long t = applied + 1;
                float stepSize = (float) (e / (1 - StrictMath.pow(config.adamBeta1(), t)));
                float root = (float) Math.sqrt(1 - StrictMath.pow(config.adamBeta2(), t));
                float b1 = (float) config.adamBeta1();
                float b2 = (float) config.adamBeta2();
                float eps = (float) config.adamEpsilon();
                kernels.adam(layer.weight, layer.weightVelocity, layer.weightSquare, layer.ld, r, layer.cols, in,
                        layer.delta, stepSize, b1, b2, eps, root, decay, shrink);
                kernels.adam(layer.bias, layer.biasVelocity, layer.biasSquare, r, r, 1, ONE, layer.delta,
                        stepSize, b1, b2, eps, root, decay, 0f);
            }
            case RMSPROP_FACTORED -> {
                kernels.sgd(layer.weight, layer.ld, r, layer.cols, layer.scaledIn, layer.scaledDelta, e, decay, shrink);
                kernels.rmsProp(layer.bias, layer.biasSquare, null, r, r, 1, ONE, layer.delta, e,
                        (float) config.rmsPropRho(), (float) config.rmsPropEpsilon(), 0f, decay, 0f);
                layer.commitFactors();
            }
            case RMSPROP -> {
                float rho = (float) config.rmsPropRho();
                float eps = (float) config.rmsPropEpsilon();
                kernels.rmsProp(layer.weight, layer.weightSquare, layer.weightVelocity, layer.ld, r, layer.cols, in,
                        layer.delta, e, rho, eps, mu, decay, shrink);
                kernels.rmsProp(layer.bias, layer.biasSquare, layer.biasVelocity, r, r, 1, ONE,
                        layer.delta, e, rho, eps, mu, decay, 0f);
            }
            case SGD -> {
                if (layer.weightVelocity != null) {
                    kernels.momentum(layer.weight, layer.weightVelocity, layer.ld, r, layer.cols, in, layer.delta,
                            e, mu, decay, shrink);
                    kernels.momentum(layer.bias, layer.biasVelocity, r, r, 1, ONE, layer.delta, e, mu, decay, 0f);
                } else {
                    kernels.sgd(layer.weight, layer.ld, r, layer.cols, in, layer.delta, e, decay, shrink);
                    kernels.sgd(layer.bias, r, r, 1, ONE, layer.delta, e, decay, 0f);
                }
            }
        }
    }
}
