package io.livedecode.decoder.model;

import java.util.List;

/**
 * Everything that defines one online decoder variant: architecture, target encoding, optimiser,
 * regularisation, rehearsal, seed and evaluation window. Immutable and validated on construction.
 *
 * <p>Learning-rate time {@code t} counts labelled frames learned (not rehearsal steps), so a
 * decaying rate {@code learningRate / (1 + t / learningRateDecayFrames)} keeps its meaning when
 * rehearsal is switched on.
 *
 * @param hiddenLayers            sizes of the hidden layers, input side first; empty = a linear
 *                                readout straight from the neurons to the outputs
 * @param activation              non-linearity of every hidden layer
 * @param targetEncoding          how angles become targets
 * @param periodDegrees           360 for direction, 180 for orientation
 * @param learningRate            step size at t = 0
 * @param learningRateDecayFrames T of the decay {@code lr / (1 + t / T)}; 0 keeps the rate constant
 * @param momentum                heavy-ball momentum in [0, 1); 0 = none
 * @param optimizer               SGD or RMSProp
 * @param rmsPropRho              RMSProp discount of past squared gradients, in (0, 1)
 * @param rmsPropEpsilon          RMSProp stabiliser added under the square root
 * @param weightDecay             L2 weight decay in PyTorch's convention ({@code w -= lr * wd * w})
 * @param l1                      L1 strength: after each update every weight is soft-thresholded by
 *                                {@code lr * l1} (a proximal step, which gives exact zeros)
 * @param dropout                 probability of dropping a hidden unit while learning; never applied
 *                                when predicting
 * @param gradientClipNorm        each layer's error vector is rescaled to at most this norm; 0 = off
 * @param rehearsalReplays        frames replayed from the rehearsal buffer after each labelled frame
 * @param rehearsalCapacity       how many of the most recent labelled frames the buffer keeps
 * @param seed                    seeds weight initialisation, dropout masks and rehearsal sampling
 * @param statsWindow             number of recent labelled frames the rolling error statistics cover
 */
public record DecoderConfig(
        List<Integer> hiddenLayers,
        Activation activation,
        TargetEncoding targetEncoding,
        double periodDegrees,
        double learningRate,
        double learningRateDecayFrames,
        double momentum,
        Optimizer optimizer,
        double rmsPropRho,
        double rmsPropEpsilon,
        double weightDecay,
        double l1,
        double dropout,
        double gradientClipNorm,
        int rehearsalReplays,
        int rehearsalCapacity,
        long seed,
        int statsWindow) {

    /**
     * Smile's decay {@code 1 - 2 lr lambda} must stay at or above 0.9; in PyTorch's convention that
     * is {@code lr * weightDecay <= 0.1}.
     */
    private static final double MAX_DECAY_PER_STEP = 0.1;

    /** Validates every field; messages name the field and its value. */
    public DecoderConfig {
        require(hiddenLayers != null, "hiddenLayers must be set (empty for a linear readout)");
        hiddenLayers = List.copyOf(hiddenLayers);
        for (int i = 0; i < hiddenLayers.size(); i++) {
            if (hiddenLayers.get(i) < 1) {
                throw new IllegalArgumentException(
                        "hidden layer " + i + " has " + hiddenLayers.get(i) + " units; it needs at least 1");
            }
        }
        require(activation != null, "activation must be set");
        require(targetEncoding != null, "targetEncoding must be set");
        require(optimizer != null, "optimizer must be set");
        require(finitePositive(periodDegrees), "periodDegrees must be positive and finite, got " + periodDegrees);
        require(finitePositive(learningRate), "learningRate must be positive and finite, got " + learningRate);
        require(learningRateDecayFrames >= 0 && Double.isFinite(learningRateDecayFrames),
                "learningRateDecayFrames must be 0 (constant rate) or positive, got " + learningRateDecayFrames);
        require(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got " + momentum);
        require(rmsPropRho > 0 && rmsPropRho < 1, "rmsPropRho must be in (0, 1), got " + rmsPropRho);
        require(finitePositive(rmsPropEpsilon), "rmsPropEpsilon must be positive and finite, got " + rmsPropEpsilon);
        require(weightDecay >= 0 && Double.isFinite(weightDecay), "weightDecay must be >= 0, got " + weightDecay);
        require(learningRate * weightDecay <= MAX_DECAY_PER_STEP,
                "learningRate * weightDecay must be <= " + MAX_DECAY_PER_STEP + " (a step may shrink weights by at most 10%),"
                        + " got " + learningRate + " * " + weightDecay + " = " + learningRate * weightDecay);
        require(l1 >= 0 && Double.isFinite(l1), "l1 must be >= 0, got " + l1);
        require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1), got " + dropout);
        require(dropout == 0 || !hiddenLayers.isEmpty(),
                "dropout " + dropout + " needs at least one hidden layer; this network has none");
        require(gradientClipNorm >= 0 && Double.isFinite(gradientClipNorm),
                "gradientClipNorm must be 0 (off) or positive, got " + gradientClipNorm);
        require(rehearsalReplays >= 0, "rehearsalReplays must be >= 0, got " + rehearsalReplays);
        require(rehearsalCapacity >= 1, "rehearsalCapacity must be >= 1, got " + rehearsalCapacity);
        require(statsWindow >= 1, "statsWindow must be >= 1, got " + statsWindow);
    }

    /** A linear readout from the neurons straight to the outputs, plain SGD. */
    public static DecoderConfig linear() {
        return builder().build();
    }

    /** One ReLU hidden layer of {@code units}, plain SGD: the teaching exercise's DeepNetReLU. */
    public static DecoderConfig relu(int units) {
        return builder().hiddenLayers(List.of(units)).activation(Activation.RELU).learningRate(0.05).build();
    }

    /** {@link #relu(int)} with L2 weight decay {@code weightDecay} (PyTorch convention); 0.01 suits relu(200). */
    public static DecoderConfig reluL2(int units, double weightDecay) {
        return relu(units).toBuilder().weightDecay(weightDecay).build();
    }

    /**
     * The most accurate one-pass recipe: {@link #relu(int)} with RMSProp, each labelled frame
     * followed by 7 replays from the last 2,000 labelled frames. Costs 8 updates per labelled frame
     * (two weight-sized buffers each), and the buffer holds 2,000 raw frames (189 MB at 23,589
     * neurons), all of which go into every snapshot.
     */
    public static DecoderConfig reluRehearsal(int units) {
        return relu(units).toBuilder().optimizer(Optimizer.RMSPROP).learningRate(3e-4).rehearsal(7, 2000).build();
    }

    /** A fresh builder holding the defaults of {@link #linear()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised with this configuration's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Number of network outputs. */
    public int outputs() {
        return targetEncoding.outputs();
    }

    /** The learning rate after {@code t} labelled frames have been learned. */
    public double learningRateAt(long t) {
        return learningRateDecayFrames == 0 ? learningRate : learningRate / (1 + t / learningRateDecayFrames);
    }

    /**
     * Smile's weight-decay factor {@code lambda} for this configuration. Smile shrinks weights by
     * {@code 1 - 2 lr lambda} per step while PyTorch's {@code weight_decay} shrinks them by
     * {@code 1 - lr wd}, so Smile's lambda is half of PyTorch's weight_decay. This is the only
     * place the conversion happens.
     */
    public double smileLambda() {
        return weightDecay / 2;
    }

    private static boolean finitePositive(double v) {
        return v > 0 && Double.isFinite(v);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Mutable companion used to derive configurations; {@link #build()} validates. */
    public static final class Builder {
        private List<Integer> hiddenLayers = List.of();
        private Activation activation = Activation.RELU;
        private TargetEncoding targetEncoding = TargetEncoding.COS_SIN;
        private double periodDegrees = 360;
        private double learningRate = 0.1;
        private double learningRateDecayFrames = 0;
        private double momentum = 0;
        private Optimizer optimizer = Optimizer.SGD;
        private double rmsPropRho = 0.9;
        private double rmsPropEpsilon = 1e-8;
        private double weightDecay = 0;
        private double l1 = 0;
        private double dropout = 0;
        private double gradientClipNorm = 0;
        private int rehearsalReplays = 0;
        private int rehearsalCapacity = 2000;
        private long seed = 1;
        private int statsWindow = 200;

        private Builder() {
        }

        private Builder(DecoderConfig c) {
            hiddenLayers = c.hiddenLayers;
            activation = c.activation;
            targetEncoding = c.targetEncoding;
            periodDegrees = c.periodDegrees;
            learningRate = c.learningRate;
            learningRateDecayFrames = c.learningRateDecayFrames;
            momentum = c.momentum;
            optimizer = c.optimizer;
            rmsPropRho = c.rmsPropRho;
            rmsPropEpsilon = c.rmsPropEpsilon;
            weightDecay = c.weightDecay;
            l1 = c.l1;
            dropout = c.dropout;
            gradientClipNorm = c.gradientClipNorm;
            rehearsalReplays = c.rehearsalReplays;
            rehearsalCapacity = c.rehearsalCapacity;
            seed = c.seed;
            statsWindow = c.statsWindow;
        }

        public Builder hiddenLayers(List<Integer> v) { hiddenLayers = v; return this; }
        public Builder activation(Activation v) { activation = v; return this; }
        public Builder targetEncoding(TargetEncoding v) { targetEncoding = v; return this; }
        public Builder periodDegrees(double v) { periodDegrees = v; return this; }
        public Builder learningRate(double v) { learningRate = v; return this; }
        public Builder learningRateDecayFrames(double v) { learningRateDecayFrames = v; return this; }
        public Builder momentum(double v) { momentum = v; return this; }
        public Builder optimizer(Optimizer v) { optimizer = v; return this; }
        public Builder rmsPropRho(double v) { rmsPropRho = v; return this; }
        public Builder rmsPropEpsilon(double v) { rmsPropEpsilon = v; return this; }
        public Builder weightDecay(double v) { weightDecay = v; return this; }
        public Builder l1(double v) { l1 = v; return this; }
        public Builder dropout(double v) { dropout = v; return this; }
        public Builder gradientClipNorm(double v) { gradientClipNorm = v; return this; }
        /** Replays {@code replays} of the last {@code capacity} labelled frames after each labelled frame. */
        public Builder rehearsal(int replays, int capacity) { rehearsalReplays = replays; rehearsalCapacity = capacity; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder statsWindow(int v) { statsWindow = v; return this; }

        /** Validates and builds. */
        public DecoderConfig build() {
            return new DecoderConfig(hiddenLayers, activation, targetEncoding, periodDegrees, learningRate,
                    learningRateDecayFrames, momentum, optimizer, rmsPropRho, rmsPropEpsilon, weightDecay, l1,
                    dropout, gradientClipNorm, rehearsalReplays, rehearsalCapacity, seed, statsWindow);
        }
    }
}
