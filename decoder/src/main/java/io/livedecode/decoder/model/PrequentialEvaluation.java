package io.livedecode.decoder.model;

import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.function.IntToDoubleFunction;

/**
 * Runs a decoder over a sequence of frames in order, test-then-train, and summarises the errors:
 * the offline counterpart of the live stream, for accuracy benchmarks and tests.
 */
public final class PrequentialEvaluation {
    private PrequentialEvaluation() {
    }

    /** One frame of a sequence: responses and the label in degrees (NaN when unlabelled). */
    public record Frame(float[] responses, double labelDegrees) {
    }

    /**
     * Steps {@code decoder} through frames {@code 0 .. frames-1} produced on demand, e.g.
     * {@code i -> { Trial t = source.trial(i); return new Frame(t.responses(), t.stimulusDegrees()); }}.
     *
     * @return per frame, the prequential circular error in degrees (NaN for unlabelled frames)
     */
    public static double[] errors(OnlineDecoder decoder, int frames, IntFunction<Frame> source) {
        double[] errors = new double[frames];
        StepResult result = new StepResult();
        for (int t = 0; t < frames; t++) {
            Frame frame = source.apply(t);
            decoder.step(frame.responses(), frame.labelDegrees(), result);
            errors[t] = result.errorDegrees();
        }
        return errors;
    }

    /**
     * Steps {@code decoder} through frames {@code 0 .. frames-1}.
     *
     * @param responses frame index to responses (read before the next frame is requested)
     * @param labels    frame index to label in degrees, NaN for an unlabelled frame
     * @return per frame, the prequential circular error in degrees (NaN for unlabelled frames)
     */
    public static double[] errors(OnlineDecoder decoder, int frames, IntFunction<float[]> responses,
                                  IntToDoubleFunction labels) {
        return errors(decoder, frames, t -> new Frame(responses.apply(t), labels.applyAsDouble(t)));
    }

    /** Summary of the errors with index in {@code [from, to)}, ignoring NaN. */
    public static ErrorSummary summarize(double[] errors, int from, int to) {
        if (from < 0 || to > errors.length || from > to) {
            throw new IllegalArgumentException(
                    "range [" + from + ", " + to + ") is not within 0.." + errors.length);
        }
        double[] kept = Arrays.stream(errors, from, to).filter(e -> !Double.isNaN(e)).sorted().toArray();
        if (kept.length == 0) {
            return new ErrorSummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = Arrays.stream(kept).average().orElseThrow();
        return new ErrorSummary(kept.length, quantile(kept, 0.5), mean, quantile(kept, 0.9), kept[kept.length - 1]);
    }

    private static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /**
     * Error statistics over a range of frames, in degrees.
     *
     * @param frames number of scored frames
     * @param median median absolute error
     * @param mean   mean absolute error
     * @param p90    90th percentile
     * @param max    largest error
     */
    public record ErrorSummary(int frames, double median, double mean, double p90, double max) {
    }
}
