package io.livedecode.simulator.calibration;

import io.livedecode.protocol.Angles;
import io.livedecode.simulator.source.TrialSource;

import java.util.ArrayList;
import java.util.List;

/**
 * Offline linear decoder of the stimulus angle: ridge regression from responses to
 * {@code (cos, sin)} of the angle scaled to a full turn per period, decoded with atan2. Fitted in
 * closed form through the trials-by-trials Gram matrix (neurons far outnumber trials), then turned
 * into one weight per neuron and target, so a prediction is two dot products.
 *
 * <p>Fitting holds the training responses as floats (4 bytes per neuron and trial, 340 MB for
 * 23,589 neurons x 3,598 trials) and the Gram matrix as doubles (8 bytes per trial squared); the
 * fitted decoder keeps two doubles per neuron.
 *
 * <p>The penalty is relative: {@code lambda = penalty * mean squared norm of a centred training
 * trial}, so one value means the same for any neuron count or response scale.
 */
public final class RidgeDecoder {

    /** Relative penalties tried by {@link #fitSelectingPenalty}. */
    public static final double[] DEFAULT_PENALTIES = {0.1, 0.3, 1, 3, 10, 30, 100};
    /** Share of the training range, at its end, held out to choose the penalty. */
    public static final double DEFAULT_VALIDATION_FRACTION = 0.2;

    private final double[][] weights;
    private final double[] bias;
    private final double penalty;
    private final double periodDegrees;
    private final List<PenaltyScore> validation;

    private RidgeDecoder(double[][] weights, double[] bias, double penalty, double periodDegrees,
                         List<PenaltyScore> validation) {
        this.weights = weights;
        this.bias = bias;
        this.penalty = penalty;
        this.periodDegrees = periodDegrees;
        this.validation = List.copyOf(validation);
    }

    /** Fits on trials {@code [from, to)} of {@code source} with relative {@code penalty}. */
    public static RidgeDecoder fit(TrialSource source, int from, int to, double penalty, double periodDegrees) {
        checkArguments(penalty, periodDegrees);
        ResponseMatrix matrix = ResponseMatrix.fromSource(source, from, to);
        return fit(matrix, GramMatrix.of(matrix.values), penalty, periodDegrees, List.of());
    }

    /** Fits on trial-major {@code responses[trial][neuron]} labelled with {@code anglesDegrees}. */
    public static RidgeDecoder fit(float[][] responses, double[] anglesDegrees, double penalty, double periodDegrees) {
        checkArguments(penalty, periodDegrees);
        ResponseMatrix matrix = ResponseMatrix.fromRows(responses, anglesDegrees);
        return fit(matrix, GramMatrix.of(matrix.values), penalty, periodDegrees, List.of());
    }

    /**
     * Fits on trials {@code [from, to)} with the penalty from {@link #DEFAULT_PENALTIES} that gives
     * the lowest median error on the last {@link #DEFAULT_VALIDATION_FRACTION} of the range when
     * fitted on the rest; the final fit then uses the whole range.
     */
    public static RidgeDecoder fitSelectingPenalty(TrialSource source, int from, int to, double periodDegrees) {
        return fitSelectingPenalty(source, from, to, periodDegrees, DEFAULT_PENALTIES, DEFAULT_VALIDATION_FRACTION);
    }

    public static RidgeDecoder fitSelectingPenalty(TrialSource source, int from, int to, double periodDegrees,
                                                   double[] penalties, double validationFraction) {
        if (penalties.length == 0) {
            throw new IllegalArgumentException("no penalties to choose from");
        }
        for (double p : penalties) {
            checkArguments(p, periodDegrees);
        }
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validationFraction must be in (0, 1), got " + validationFraction);
        }
        ResponseMatrix matrix = ResponseMatrix.fromSource(source, from, to);
        int trials = matrix.trials();
        int fitting = (int) Math.round(trials * (1 - validationFraction));
        if (fitting < 2 || fitting >= trials) {
            throw new IllegalArgumentException(String.format(
                    "%d trials cannot be split %s for validation", trials, validationFraction));
        }
        double[][] gram = GramMatrix.of(matrix.values);
        List<PenaltyScore> scores = PenaltyValidation.score(gram, matrix.anglesDegrees, fitting, penalties, periodDegrees);
        PenaltyScore best = scores.getFirst();
        for (PenaltyScore s : scores) {
            if (s.medianErrorDegrees() < best.medianErrorDegrees()) {
                best = s;
            }
        }
        return fit(matrix, gram, best.penalty(), periodDegrees, scores);
    }

    private static RidgeDecoder fit(ResponseMatrix matrix, double[][] gram, double penalty, double periodDegrees,
                                    List<PenaltyScore> validation) {
        int n = matrix.trials();
        CenteredKernel kernel = new CenteredKernel(gram, n);
        double[][] targets = Targets.centred(matrix.anglesDegrees, n, periodDegrees);
        double[] targetMeans = Targets.means(matrix.anglesDegrees, n, periodDegrees);
        double[][] alpha = new double[2][n];
        kernel.solve(penalty * kernel.meanDiagonal(), targets, alpha);
        int neurons = matrix.neurons();
        double[][] weights = new double[2][neurons];
        double[] bias = targetMeans.clone();
        for (int k = 0; k < neurons; k++) {
            float[] row = matrix.values[k];
            double w0 = 0;
            double w1 = 0;
            for (int i = 0; i < n; i++) {
                w0 += row[i] * alpha[0][i];
                w1 += row[i] * alpha[1][i];
            }
            weights[0][k] = w0;
            weights[1][k] = w1;
            // The fit saw centred responses; fold the centring into the intercept.
            bias[0] -= w0 * matrix.means[k];
            bias[1] -= w1 * matrix.means[k];
        }
        return new RidgeDecoder(weights, bias, penalty, periodDegrees, validation);
    }

    private static void checkArguments(double penalty, double periodDegrees) {
        if (!(penalty > 0) || !Double.isFinite(penalty)) {
            throw new IllegalArgumentException("penalty must be positive and finite, got " + penalty);
        }
        if (!(periodDegrees > 0) || !Double.isFinite(periodDegrees)) {
            throw new IllegalArgumentException("periodDegrees must be positive and finite, got " + periodDegrees);
        }
    }

    /** The decoded angle of one trial's responses, degrees in [0, period). */
    public double predictDegrees(float[] responses) {
        if (responses.length != weights[0].length) {
            throw new IllegalArgumentException(String.format(
                    "%d responses given to a decoder of %d neurons", responses.length, weights[0].length));
        }
        double c = bias[0];
        double s = bias[1];
        double[] w0 = weights[0];
        double[] w1 = weights[1];
        for (int k = 0; k < responses.length; k++) {
            c += w0[k] * responses[k];
            s += w1[k] * responses[k];
        }
        return Targets.degrees(c, s, periodDegrees);
    }

    /** Median absolute circular error, degrees, over trials {@code [from, to)} of {@code source}. */
    public double medianAbsoluteErrorDegrees(TrialSource source, int from, int to) {
        double[] errors = new double[to - from];
        TrialReader.forEach(source, from, to, trial -> errors[trial.index() - from] = Angles.circularDistance(
                predictDegrees(trial.responses()), trial.stimulusDegrees(), periodDegrees));
        return Quantiles.median(errors);
    }

    public int neurons() {
        return weights[0].length;
    }

    /** The relative penalty this decoder was fitted with. */
    public double penalty() {
        return penalty;
    }

    public double periodDegrees() {
        return periodDegrees;
    }

    /** Validation error of each penalty tried, in the order tried; empty when the penalty was given. */
    public List<PenaltyScore> validation() {
        return new ArrayList<>(validation);
    }
}
