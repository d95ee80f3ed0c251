package io.livedecode.decoder.model;

import java.util.List;

/**
 * Everything that defines one online decoder variant: architecture, target encoding, optimiser,
 * regularisation, rehearsal, seed and evaluation window. Immutable and validated on construction.
 *
 * <p>Learning-rate time {@code t} counts labelled frames learned (not rehearsal steps), so a
 * decaying rate {@code learningRate / (1 + t / learningRateDecayFrames)} keeps its meaning when
 * rehearsal is switched on. The decay stops at {@code learningRate / }{@value #MAX_RATE_DIVISOR}
 * (reached at {@code t = 19 T}), so a session that runs for hours keeps learning.
 *
 * @param hiddenLayers            sizes of the hidden layers, input side first; empty = a linear
 *                                readout straight from the neurons to the outputs
 * @param activation              non-linearity of every hidden layer
 * @param targetEncoding          how angles become targets
 * @param periodDegrees           360 for direction, 180 for orientation
 * @param learningRate            step size at t = 0 (the first layer's scaled when {@code rateByFanIn})
 * @param rateByFanIn             scale the first layer's rate by {@code sqrt(REFERENCE_INPUTS / neurons)}:
 *                                an adaptive optimiser moves every weight by about the rate, so a unit
 *                                fed by n neurons moves by about rate x sqrt(n); this keeps one rate right
 *                                for 1,000 and 50,000 neurons
 * @param learningRateDecayFrames T of the decay {@code lr / min(1 + t / T, 20)}; 0 keeps the rate constant
 * @param momentum                heavy-ball momentum in [0, 1); 0 = none
 * @param optimizer               SGD, RMSProp (per weight or factored) or Adam
 * @param rmsPropRho              RMSProp discount of past squared gradients, in (0, 1)
 * @param rmsPropEpsilon          RMSProp stabiliser added under the square root
 * @param adamBeta1               Adam discount of past gradients, in [0, 1)
 * @param adamBeta2               Adam discount of past squared gradients, in (0, 1)
 * @param adamEpsilon             Adam stabiliser added to the root of the corrected mean square
 * @param weightDecay             L2 weight decay in PyTorch's convention: every weight and bias
 *                                shrinks by {@code 1 - lr * wd} per update before the gradient
 *                                step is added (with Adam: decoupled, as PyTorch's AdamW)
 * @param l1                      L1 strength, applied to the weights (not the biases) as {@code l1Mode} says
 * @param l1Mode                  proximal soft threshold (exact zeros) or PyTorch's loss subgradient
 * @param dropout                 probability of dropping a hidden unit while learning; never applied
 *                                when predicting
 * @param gradientClipNorm        each layer's error vector is rescaled to at most this norm; 0 = off
 * @param rehearsalReplays        frames replayed from the rehearsal buffer after each labelled frame
 * @param rehearsalCapacity       how many of the most recent labelled frames the buffer keeps
 * @param rehearsalBudget         0, or the weight updates one labelled frame may cost: the replays
 *                                are then {@code min(rehearsalReplays, budget / parameters - 1)}, so
 *                                small networks rehearse more than large ones, always the same count
 *                                for the same network (never driven by time)
 * @param seed                    seeds weight initialisation, dropout masks and rehearsal sampling
 * @param statsWindow             number of recent labelled frames the rolling error statistics cover
 * @param averagingHorizon        0, or decode with a running average of the weights: after update t
 *                                every averaged weight moves {@code 1 / min(t, horizon)} of the way to the
 *                                trained one (an exact mean of all iterates at first, then an exponential
 *                                one over about {@code horizon} updates); learning still steps the trained
 *                                weights. Averaging cancels much of the noise a constant rate leaves
 * @param drift                   forgetting standardiser, drift detector and the response to its alarms
 */
public record DecoderConfig(
        List<Integer> hiddenLayers,
        Activation activation,
        TargetEncoding targetEncoding,
        double periodDegrees,
        double learningRate,
        boolean rateByFanIn,
        double learningRateDecayFrames,
        double momentum,
        Optimizer optimizer,
        double rmsPropRho,
        double rmsPropEpsilon,
        double adamBeta1,
        double adamBeta2,
        double adamEpsilon,
        double weightDecay,
        double l1,
        L1Mode l1Mode,
        double dropout,
        double gradientClipNorm,
        int rehearsalReplays,
        int rehearsalCapacity,
        long rehearsalBudget,
        long seed,
        int statsWindow,
        int averagingHorizon,
        DriftSettings drift) {

    /** Most a decaying rate is divided by: the rate it keeps once the decay has run its course. */
    public static final double MAX_RATE_DIVISOR = 20;

    /** The neuron count the learning rates are given for when {@code rateByFanIn}: the recording's. */
    public static final int REFERENCE_INPUTS = 23_589;

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
        require(adamBeta1 >= 0 && adamBeta1 < 1, "adamBeta1 must be in [0, 1), got " + adamBeta1);
        require(adamBeta2 > 0 && adamBeta2 < 1, "adamBeta2 must be in (0, 1), got " + adamBeta2);
        require(finitePositive(adamEpsilon), "adamEpsilon must be positive and finite, got " + adamEpsilon);
        require(optimizer != Optimizer.ADAM || momentum == 0,
                "momentum must be 0 with ADAM (Adam keeps its own running mean of gradients), got " + momentum);
        require(optimizer != Optimizer.RMSPROP_FACTORED || momentum == 0,
                "momentum must be 0 with RMSPROP_FACTORED (it keeps no weight-sized buffer), got " + momentum);
        require(l1Mode != null, "l1Mode must be set");
        require(drift != null, "drift must be set (DriftSettings.off() for none)");
        require(rehearsalBudget >= 0, "rehearsalBudget must be 0 (none) or positive, got " + rehearsalBudget);
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
        require(averagingHorizon >= 0, "averagingHorizon must be 0 (off) or positive, got " + averagingHorizon);
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
     * (two weight-sized buffers each), and the buffer holds 2,000 frames as bfloat16 (94 MB at 23,589
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

    /** Weights and biases of this network on {@code neurons} inputs. */
    public long parameters(int neurons) {
        long total = 0;
        long inputs = neurons;
        for (int units : hiddenLayers) {
            total += (inputs + 1) * units;
            inputs = units;
        }
        return total + (inputs + 1) * outputs();
    }

    /**
     * Rehearsal replays after each labelled frame on {@code neurons} inputs: {@link #rehearsalReplays}
     * without a budget, else as many as the budget pays for beyond the frame's own update, at most
     * {@link #rehearsalReplays}. A pure function of the configuration and the neuron count.
     */
    public int replaysFor(int neurons) {
        if (rehearsalBudget == 0) {
            return rehearsalReplays;
        }
        long affordable = rehearsalBudget / parameters(neurons) - 1;
        return (int) Math.max(0, Math.min(rehearsalReplays, affordable));
    }

    /** The learning rate after {@code t} labelled frames have been learned. */
    public double learningRateAt(long t) {
        return learningRateDecayFrames == 0 ? learningRate
                : learningRate / Math.min(1 + t / learningRateDecayFrames, MAX_RATE_DIVISOR);
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
        private boolean rateByFanIn = false;
        private double learningRateDecayFrames = 0;
        private double momentum = 0;
        private Optimizer optimizer = Optimizer.SGD;
        private double rmsPropRho = 0.9;
        private double rmsPropEpsilon = 1e-8;
        private double adamBeta1 = 0.9;
        private double adamBeta2 = 0.999;
        private double adamEpsilon = 1e-8;
        private double weightDecay = 0;
        private double l1 = 0;
        private L1Mode l1Mode = L1Mode.PROXIMAL;
        private double dropout = 0;
        private double gradientClipNorm = 0;
        private int rehearsalReplays = 0;
        private int rehearsalCapacity = 2000;
        private long rehearsalBudget = 0;
        private long seed = 1;
        private int statsWindow = 200;
        private int averagingHorizon = 0;
        private DriftSettings drift = DriftSettings.off();

        private Builder() {
        }

        private Builder(DecoderConfig c) {
            hiddenLayers = c.hiddenLayers;
            activation = c.activation;
            targetEncoding = c.targetEncoding;
            periodDegrees = c.periodDegrees;
            learningRate = c.learningRate;
            rateByFanIn = c.rateByFanIn;
            learningRateDecayFrames = c.learningRateDecayFrames;
            momentum = c.momentum;
            optimizer = c.optimizer;
            rmsPropRho = c.rmsPropRho;
            rmsPropEpsilon = c.rmsPropEpsilon;
            adamBeta1 = c.adamBeta1;
            adamBeta2 = c.adamBeta2;
            adamEpsilon = c.adamEpsilon;
            weightDecay = c.weightDecay;
            l1 = c.l1;
            l1Mode = c.l1Mode;
            dropout = c.dropout;
            gradientClipNorm = c.gradientClipNorm;
            rehearsalReplays = c.rehearsalReplays;
            rehearsalCapacity = c.rehearsalCapacity;
            rehearsalBudget = c.rehearsalBudget;
            seed = c.seed;
            statsWindow = c.statsWindow;
            averagingHorizon = c.averagingHorizon;
            drift = c.drift;
        }

        public Builder hiddenLayers(List<Integer> v) { hiddenLayers = v; return this; }
        public Builder activation(Activation v) { activation = v; return this; }
        public Builder targetEncoding(TargetEncoding v) { targetEncoding = v; return this; }
        public Builder periodDegrees(double v) { periodDegrees = v; return this; }
        public Builder learningRate(double v) { learningRate = v; return this; }
        public Builder rateByFanIn(boolean v) { rateByFanIn = v; return this; }
        public Builder learningRateDecayFrames(double v) { learningRateDecayFrames = v; return this; }
        public Builder momentum(double v) { momentum = v; return this; }
        public Builder optimizer(Optimizer v) { optimizer = v; return this; }
        public Builder rmsPropRho(double v) { rmsPropRho = v; return this; }
        public Builder rmsPropEpsilon(double v) { rmsPropEpsilon = v; return this; }
        public Builder adamBeta1(double v) { adamBeta1 = v; return this; }
        public Builder adamBeta2(double v) { adamBeta2 = v; return this; }
        public Builder adamEpsilon(double v) { adamEpsilon = v; return this; }
        public Builder weightDecay(double v) { weightDecay = v; return this; }
        public Builder l1(double v) { l1 = v; return this; }
        public Builder l1Mode(L1Mode v) { l1Mode = v; return this; }
        public Builder dropout(double v) { dropout = v; return this; }
        public Builder gradientClipNorm(double v) { gradientClipNorm = v; return this; }
        /** Replays {@code replays} of the last {@code capacity} labelled frames after each labelled frame. */
        public Builder rehearsal(int replays, int capacity) { rehearsalReplays = replays; rehearsalCapacity = capacity; return this; }
        /** Keeps the last {@code capacity} labelled frames for rehearsal. */
        public Builder rehearsalCapacity(int capacity) { rehearsalCapacity = capacity; return this; }
        /** Caps the replays so that one labelled frame costs at most {@code weightUpdates} weight updates. */
        public Builder rehearsalBudget(long weightUpdates) { rehearsalBudget = weightUpdates; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder statsWindow(int v) { statsWindow = v; return this; }
        public Builder averagingHorizon(int v) { averagingHorizon = v; return this; }
        public Builder drift(DriftSettings v) { drift = v; return this; }

        /** Validates and builds. */
        public DecoderConfig build() {
            return new DecoderConfig(hiddenLayers, activation, targetEncoding, periodDegrees, learningRate,
                    rateByFanIn, learningRateDecayFrames, momentum, optimizer, rmsPropRho, rmsPropEpsilon, adamBeta1, adamBeta2,
                    adamEpsilon, weightDecay, l1, l1Mode, dropout, gradientClipNorm, rehearsalReplays,
                    rehearsalCapacity, rehearsalBudget, seed, statsWindow, averagingHorizon, drift);
        }
    }
}
