package io.livedecode.decoder.config;

import io.livedecode.decoder.model.DecoderConfig;
import io.livedecode.decoder.model.DriftSettings;
import io.livedecode.decoder.model.Optimizer;
import io.livedecode.decoder.model.TargetEncoding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns decoder variant names into model configurations. A name is a base, {@code linear} or
 * {@code relu<units>}, followed by any of these suffixes:
 * <ul>
 *   <li>{@code -sgd}: the seed's plain constant-rate SGD (linear {@value #SGD_LINEAR_RATE}, ReLU
 *       {@value #SGD_RELU_RATE}) instead of the default update rule, and no rehearsal;</li>
 *   <li>{@code -l2}: weight decay {@value #WEIGHT_DECAY} in PyTorch's convention (weights and biases
 *       shrink by {@code 1 - rate * decay} per update), the seed's penalty; on a ReLU default it
 *       replaces the rule's own decay of {@value #RELU_WEIGHT_DECAY};</li>
 *   <li>{@code -l1}: a proximal L1 step, every weight soft-thresholded by {@code rate * l1} per update
 *       ({@value #L1} with the default rule, {@value #L1_SGD} with {@code -sgd});</li>
 *   <li>{@code -dropout}: dropout {@value #DROPOUT} on the hidden units while learning;</li>
 *   <li>{@code -raw}: regress raw degrees, the seed's target (fails at the wrap);</li>
 *   <li>{@code -rehearsal}: after every labelled frame, as many replays of recent frames as
 *       {@value #REHEARSAL_BUDGET} weight updates per frame pay for, at most {@value #MAX_REPLAYS}
 *       (the defaults do not rehearse: the buffer would be in every snapshot);</li>
 *   <li>{@code -r<N>}: exactly N replays (0 to {@value #MOST_REPLAYS}) after every labelled frame
 *       whatever they cost, {@code -r0} none;</li>
 *   <li>{@code -keep<N>}: a rehearsal buffer of the last N labelled frames instead of
 *       {@value #REHEARSAL_CAPACITY};</li>
 *   <li>{@code -forget}: a standardiser that forgets with an exponential window of
 *       {@value #FORGET_WINDOW} labelled frames.</li>
 * </ul>
 * Every variant watches its prequential error and its standardised inputs with drift detectors and
 * responds to their alarms ({@link #DRIFT}; {@link #DRIFT_DECAYING_RATE} where the rate decays).
 */
public final class VariantCatalog {

    /** The variants a service runs unless configured otherwise, and the quick benchmark's. */
    public static final List<String> DEFAULT_VARIANTS = List.of("linear", "relu200");
    /** The accuracy benchmark's variants: the defaults, the seed's SGD and each regularisation. */
    public static final List<String> BENCHMARK_VARIANTS = List.of("linear", "relu200", "linear-sgd", "relu200-sgd",
            "relu200-l2", "relu200-l1", "relu200-dropout", "relu200-rehearsal");

    /**
     * Update rule of relu200 and the other ReLU defaults: RMSProp with factored mean squares, the
     * first layer's rate scaled by the root of its fan-in, at {@code 4.5e-4 / (1 + t / 400)} (down to
     * a twentieth, {@link DecoderConfig#MAX_RATE_DIVISOR}, after 7,600 labelled frames), with decoupled
     * weight decay {@value #RELU_WEIGHT_DECAY} (every weight shrinks by {@code 1 - rate * 3} per update:
     * at first it forgets with a horizon of about 740 updates, longer as the rate decays). Every weight
     * moves by about the rate whatever the scale of its gradient, which is what makes one rate hold
     * across the suite; at a constant rate those steps leave a noise floor, weights no frame constrains
     * keep moving, and on three of the six populations the ratio to ridge grew between 1,000 and 3,000
     * frames. The decay of the rate and of the weights bounds both. On the three populations the rule
     * was chosen on (built-in, broad-gamma, poisson-orientation) it had the lowest sum of ratios to
     * ridge after 1,000 labelled frames of the candidates tried (0.83x, 0.62x-0.63x and 0.92x-0.93x;
     * at 3e-4 constant 1.00x, 0.78x and 1.07x); T = 100 to 1,000 without weight decay, weight decay
     * 1 to 10 and rates x0.5 to x2 did worse there (see the README's tuning table).
     */
    public static final Optimizer OPTIMIZER = Optimizer.RMSPROP_FACTORED;
    public static final double RELU_RATE = 4.5e-4;
    public static final double RELU_RATE_DECAY_FRAMES = 400;
    public static final double RELU_WEIGHT_DECAY = 3;
    /**
     * Update rule of {@code linear}: SGD on the standardised inputs at {@code 0.3 / (1 + t / 300)}
     * (down to a twentieth, as relu200's).
     * The inputs are z-scored and scaled by 1/sqrt(n), so |z| is about 1 and SGD is normalised LMS:
     * its step is already free of the response scale and the neuron count. A per-weight normalised
     * rule is worse for a readout with more weights than frames: it moves the weights the frames do
     * not constrain as much as the others, and the error grows with training (on the built-in
     * session factored RMSProp at 3e-4 reached 1.51x ridge after 1,000 frames and 1.82x after 3,000).
     * The decaying rate lets the readout converge (the drift response raises it again after an alarm),
     * and it decodes with a running average of its weights over about {@value #LINEAR_AVERAGING_FRAMES}
     * labelled frames (their replays included), which cancels much of the noise of single-frame steps.
     */
    public static final Optimizer LINEAR_OPTIMIZER = Optimizer.SGD;
    public static final double LINEAR_RATE = 0.3;
    public static final double LINEAR_RATE_DECAY_FRAMES = 300;
    public static final int LINEAR_AVERAGING_FRAMES = 125;
    /**
     * Weight updates one labelled frame of a {@code -rehearsal} variant may cost, replays included:
     * 2 updates of relu200 on 23,589
     * neurons (1 replay, about 6 ms; with linear's 7 replays about 9 ms per labelled frame for both
     * defaults, within a 2x margin of 30 Hz on 2 cores and leaving room for a broker and a
     * simulator on the same cores), 1 on 50,000 (no replay), 6 on 10,000 (5 replays).
     */
    public static final long REHEARSAL_BUDGET = 14_000_000;
    /** Most replays per labelled frame the budget may buy (a linear readout could afford hundreds). */
    public static final int MAX_REPLAYS = 7;
    /**
     * Labelled frames a rehearsing variant keeps, as bfloat16: 47 MB per variant on 23,589 neurons,
     * all of it in every snapshot. 500 frames cost relu200 on {@code broad-gamma} 0.99x ridge after
     * 3,000 frames against 0.86x with 2,000 (one replay per frame); 1,000 is between the two.
     */
    public static final int REHEARSAL_CAPACITY = 1000;

    public static final double SGD_LINEAR_RATE = 0.1;
    public static final double SGD_RELU_RATE = 0.05;
    public static final double WEIGHT_DECAY = 0.01;
    public static final double L1 = 1e-3;
    public static final double L1_SGD = 1e-5;
    public static final double DROPOUT = 0.2;
    public static final int FORGET_WINDOW = 1000;
    /** Standardiser weight a drift alarm keeps, in frames. */
    static final int RESTART_FRAMES = 200;
    /** Threshold of the input drift test (see {@link #DRIFT}). */
    static final double INPUT_THRESHOLD = 15;
    /**
     * Page-Hinkley on the log error (tolerance 0.3, threshold 15, 100 frames of warm-up, its reference
     * the mean log error of about the last 1,000 labelled frames): the log of an absolute error has a
     * standard deviation near 1 on every population, and on every population of the suite these
     * settings raise no alarm on a stationary session (the statistic stays under 8.5 against the
     * threshold of 15) while catching a doubling of the error within about 40 frames. A reference
     * that remembers only recent frames follows a model that is still learning; the mean since the
     * start stays above its current error, and on the built-in session it delayed linear's alarm
     * after a gain step from about 20 frames to 56.
     *
     * <p>The input test ({@value #INPUT_THRESHOLD}, the same tolerance, warm-up and memory) watches
     * {@code ln(q + 0.01)}, {@code q} the mean square of each labelled frame as standardised over the
     * neurons that have a variance yet ({@code DriftWatch}): its standard deviation is 0.07 to 0.51
     * on the suite's populations (shared gain and latent factors move it frame to frame), and its
     * statistic stays under 3.7 on every stationary stream of the suite (all six populations, 3,500
     * frames each, 4,598 of the built-in session), while a per-neuron gain step of log-sd 1.0 on the
     * built-in session multiplies the mean square about 8-fold at once and raises an alarm after 9
     * frames (log-sd 0.5: about 2-fold, after 39). The error test alone missed that step for relu200,
     * whose error rose 1.9x over the 25 frames after it, 1.3x over the next 25 and about 1.1x after
     * that (too little for too short). Variants without {@code -forget} standardise alike, so they see
     * the same input stream until an alarm of their own restarts their standardiser (or a refused
     * update leaves a frame out of it).
     *
     * <p>An alarm keeps {@value #RESTART_FRAMES} frames of standardiser weight, so means and
     * variances move to the population after the change, and empties the rehearsal buffer. 300 frames
     * after a gain step on the built-in session, linear's error was 0.93x its error before with 200
     * frames kept, 1.07x with 50, 1.02x with 500 and 1.28x with the standardiser left alone; relu200's
     * 1.16x, 1.12x with 50 and 1.39x left alone (relu200's rate constant then). A constant rate (the
     * seed's {@code -sgd}) is left as it is: tripling relu200's rate when it was constant gave 1.25x
     * instead of 1.12x (both keeping 50).
     */
    public static final DriftSettings DRIFT = new DriftSettings(0, 0.3, 15, 100, 1000, 1, 0, RESTART_FRAMES, true,
            INPUT_THRESHOLD);
    /**
     * {@link #DRIFT} for a rate that decays (both defaults): an alarm also triples the rate and lets
     * it fall back over 300 frames: after an alarm at frame 2,000 linear relearns at about the rate it
     * had 500 frames in, relu200 at the rate it had 400 frames in. With the error test alone (its alarm
     * 23 frames after a gain step on the built-in session) linear's error was 0.93x the error before
     * 300 frames after the step; with 50 frames of standardiser weight kept, 1.07x with the raised
     * rate and 1.19x without. The same step hurts relu200 with its decayed rate far less (the first 50 frames
     * after it at 1.59x its error before, linear's at 2.30x); the input test raises the alarm for
     * both after 9 frames, and 300 frames later linear is at 0.95x, relu200 at 1.00x.
     */
    public static final DriftSettings DRIFT_DECAYING_RATE = new DriftSettings(0, 0.3, 15, 100, 1000, 3, 300,
            RESTART_FRAMES, true, INPUT_THRESHOLD);

    /** Most replays a {@code -r<N>} suffix may ask for. */
    public static final int MOST_REPLAYS = 50;

    private static final String SUFFIXES = "-sgd, -l2, -l1, -dropout, -raw, -rehearsal, -r<N>, -keep<N>, -forget";
    private static final Pattern REPLAYS = Pattern.compile("r(\\d{1,3})");
    private static final Pattern KEEP = Pattern.compile("keep(\\d{1,5})");
    private static final Pattern BASE = Pattern.compile("(linear|relu(\\d{1,5}))((?:-[a-z0-9]+)*)");

    private VariantCatalog() {
    }

    /** Configurations for the named variants, in the given order. */
    public static Map<String, DecoderConfig> resolve(List<String> names, double periodDegrees, long seed, int window) {
        Map<String, DecoderConfig> out = new LinkedHashMap<>();
        for (String name : names) {
            out.put(name, resolve(name, periodDegrees, seed, window));
        }
        return out;
    }

    public static DecoderConfig resolve(String name, double periodDegrees, long seed, int window) {
        Matcher m = BASE.matcher(name);
        if (!m.matches()) {
            throw new ConfigException("decoder variant '" + name + "' is not linear or relu<units> with optional"
                    + " suffixes " + SUFFIXES + " (e.g. relu200-l2)");
        }
        List<String> suffixes = m.group(3).isEmpty() ? List.of() : List.of(m.group(3).substring(1).split("-"));
        for (String suffix : suffixes) {
            if (!List.of("sgd", "l2", "l1", "dropout", "raw", "rehearsal", "forget").contains(suffix)
                    && !REPLAYS.matcher(suffix).matches() && !KEEP.matcher(suffix).matches()) {
                throw new ConfigException("decoder variant '" + name + "' has unknown suffix '-" + suffix
                        + "'; known: " + SUFFIXES);
            }
        }
        boolean linear = m.group(2) == null;
        boolean sgd = suffixes.contains("sgd");
        DecoderConfig.Builder b = (linear ? DecoderConfig.linear() : DecoderConfig.relu(units(name, m.group(2))))
                .toBuilder().periodDegrees(periodDegrees).seed(seed).statsWindow(window);
        DriftSettings drift = sgd ? DRIFT : DRIFT_DECAYING_RATE;
        b.drift(drift);
        if (sgd) {
            b.learningRate(linear ? SGD_LINEAR_RATE : SGD_RELU_RATE);
        } else {
            if (linear) {
                b.optimizer(LINEAR_OPTIMIZER).learningRate(LINEAR_RATE).learningRateDecayFrames(LINEAR_RATE_DECAY_FRAMES);
            } else {
                b.optimizer(OPTIMIZER).rateByFanIn(true).learningRate(RELU_RATE)
                        .learningRateDecayFrames(RELU_RATE_DECAY_FRAMES)
                        .weightDecay(RELU_WEIGHT_DECAY);
            }
        }
        int replays = 0;
        for (String suffix : suffixes) {
            switch (suffix) {
                case "l2" -> b.weightDecay(WEIGHT_DECAY);
                case "l1" -> b.l1(sgd ? L1_SGD : L1);
                case "dropout" -> b.dropout(DROPOUT);
                case "raw" -> b.targetEncoding(TargetEncoding.RAW_DEGREES);
                case "rehearsal" -> {
                    replays = MAX_REPLAYS;
                    b.rehearsal(MAX_REPLAYS, REHEARSAL_CAPACITY).rehearsalBudget(REHEARSAL_BUDGET);
                }
                case "forget" -> b.drift(drift.withStandardizerWindow(FORGET_WINDOW));
                default -> replays = replays(name, suffix, b, replays);
            }
        }
        for (String suffix : suffixes) {
            Matcher k = KEEP.matcher(suffix);
            if (k.matches()) {
                int capacity = Integer.parseInt(k.group(1));
                if (capacity < 1) {
                    throw new ConfigException("decoder variant '" + name + "' keeps " + capacity
                            + " frames for rehearsal; at least 1");
                }
                b.rehearsalCapacity(capacity);
            }
        }
        if (linear && !sgd) {
            // The average spans about the same number of labelled frames however many replays each brings.
            b.averagingHorizon(LINEAR_AVERAGING_FRAMES * (1 + replays));
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("decoder variant '" + name + "': " + e.getMessage());
        }
    }

    /** Applies a {@code -r<N>} suffix: exactly N replays per labelled frame, no budget. */
    private static int replays(String name, String suffix, DecoderConfig.Builder b, int before) {
        Matcher m = REPLAYS.matcher(suffix);
        if (!m.matches()) {
            return before;
        }
        int replays = Integer.parseInt(m.group(1));
        if (replays > MOST_REPLAYS) {
            throw new ConfigException("decoder variant '" + name + "' asks for " + replays
                    + " replays per labelled frame; at most " + MOST_REPLAYS);
        }
        b.rehearsal(replays, REHEARSAL_CAPACITY).rehearsalBudget(0);
        return replays;
    }

    private static int units(String name, String digits) {
        int units = Integer.parseInt(digits);
        if (units < 1) {
            throw new ConfigException("decoder variant '" + name + "' needs at least 1 hidden unit");
        }
        return units;
    }
}
