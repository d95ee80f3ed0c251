package io.livedecode.decoder.bench;

import io.livedecode.simulator.calibration.PenaltyScore;
import io.livedecode.simulator.calibration.RidgeDecoder;
import io.livedecode.simulator.source.TrialSource;

/**
 * The offline reference of the accuracy benchmark: ridge regression (closed form, cos/sin targets)
 * fitted on the first N labelled frames and scored on the frames that follow them. Two inputs are
 * fitted, the raw responses and the responses z-scored with the statistics of those N frames, each
 * over a range of penalties; the input and the penalty with the lowest median error on the last
 * fifth of the N training frames win. Nothing of the scored frames is seen before scoring.
 */
final class RidgeReference {

    /** Relative penalties tried; wider than the calibration default so no suite member picks an end. */
    static final double[] PENALTIES = {0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100, 300, 1000};
    static final double VALIDATION_FRACTION = 0.2;

    /**
     * @param errorDegrees median absolute error on the evaluation frames
     * @param zScored      whether the z-scored input won the validation (else raw responses)
     * @param penalty      the relative penalty validation chose
     * @param seconds      time to fit both inputs and score
     */
    record Result(int trainingFrames, double errorDegrees, boolean zScored, double penalty, double seconds) {
        String choice() {
            return (zScored ? "z-scored" : "raw") + ", penalty " + penalty;
        }
    }

    private RidgeReference() {
    }

    /** Fits on frames {@code [0, n)} and scores frames {@code [n, n + evaluate)}. */
    static Result after(TrialSource source, int n, int evaluate, double periodDegrees) {
        if (n + evaluate > source.trials()) {
            throw new IllegalArgumentException(String.format(
                    "ridge after %d frames needs %d more to score, the session has %d trials", n, evaluate, source.trials()));
        }
        long start = System.nanoTime();
        TrialSource zScored = new StandardizedSource(source, n);
        RidgeDecoder raw = RidgeDecoder.fitSelectingPenalty(source, 0, n, periodDegrees, PENALTIES, VALIDATION_FRACTION);
        RidgeDecoder z = RidgeDecoder.fitSelectingPenalty(zScored, 0, n, periodDegrees, PENALTIES, VALIDATION_FRACTION);
        boolean useZ = bestValidation(z) <= bestValidation(raw);
        RidgeDecoder chosen = useZ ? z : raw;
        double error = chosen.medianAbsoluteErrorDegrees(useZ ? zScored : source, n, n + evaluate);
        return new Result(n, error, useZ, chosen.penalty(), (System.nanoTime() - start) / 1e9);
    }

    private static double bestValidation(RidgeDecoder ridge) {
        return ridge.validation().stream().mapToDouble(PenaltyScore::medianErrorDegrees).min().orElseThrow();
    }
}
