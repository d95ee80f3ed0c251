package io.livedecode.decoder.bench;

import java.util.Arrays;

/**
 * Summaries of one prequential error stream (one error per labelled frame, in order; the error of
 * frame t was measured before the model learned from it, i.e. after it had learned t frames).
 *
 * <p>"Error after N labelled frames" is the median of the errors of frames {@code N - W/2 .. N + W/2 - 1}
 * (0-based), decoded by models that had learned {@code N - W/2} to {@code N + W/2 - 1} frames, N on
 * average. The rolling median at frame t is the median of the last {@code W} errors before t, as the
 * service's {@code livedecode_prequential_error_median_degrees} gauge reports it.
 */
public final class LearningCurve {

    private final double[] errors;
    private final int window;

    /**
     * @param errors prequential error per labelled frame, degrees
     * @param window frames in each median (the README's figures use 200)
     */
    public LearningCurve(double[] errors, int window) {
        if (window < 2 || window > errors.length) {
            throw new IllegalArgumentException("window " + window + " must be in 2.." + errors.length);
        }
        this.errors = errors.clone();
        this.window = window;
    }

    public int frames() {
        return errors.length;
    }

    /** The median error of the window centred on {@code n} labelled frames; NaN if it does not fit. */
    public double after(int n) {
        int from = n - window / 2;
        int to = from + window;
        if (from < 0 || to > errors.length) {
            return Double.NaN;
        }
        return median(errors, from, to);
    }

    /** The median of the {@code window} errors before frame {@code t} (fewer when {@code t < window}). */
    public double rolling(int t) {
        return median(errors, Math.max(0, t - window), t);
    }

    /**
     * Labelled frames learned until the rolling median stays at or below {@code limit.applyAsDouble(t)}
     * to the end of the stream: the smallest t from {@code window} on whose rolling median and every
     * later one are within their limit (from {@code window} on, so a few lucky first frames cannot
     * count).
     *
     * @return that t, or -1 if the rolling median at the end is above its limit
     */
    public int framesUntilWithin(java.util.function.IntToDoubleFunction limit) {
        int answer = -1;
        for (int t = errors.length; t >= window && rolling(t) <= limit.applyAsDouble(t); t--) {
            answer = t;
        }
        return answer;
    }

    /** Median of {@code values[from, to)}; NaN if the range is empty. */
    static double median(double[] values, int from, int to) {
        if (to <= from) {
            return Double.NaN;
        }
        double[] s = Arrays.copyOfRange(values, from, to);
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
