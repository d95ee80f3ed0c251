package io.livedecode.simulator.dataset;

import java.util.Arrays;
import java.util.Locale;

/**
 * Turns a recording's frames and stimulus presentations into the rows a replay sends: one row per
 * presentation (the mean over its {@link ResponseWindow}), or one row per imaging frame labelled
 * with the presentation it falls in.
 */
final class TrialAssembly {

    /**
     * The frames of each shown presentation's response window: {@code [first[k], end[k])} into
     * the frames of the recording, for presentation {@code event[k]}. Both bounds are
     * non-decreasing in {@code k}, because onsets are sorted and every window has the same width.
     */
    record Windows(int[] event, int[] first, int[] end) {
        int trials() {
            return event.length;
        }
    }

    private TrialAssembly() {
    }

    /**
     * Requires finite, non-decreasing frame times.
     *
     * @param what names them in messages, e.g. {@code "processing/ophys/.../timestamps"}
     */
    static void requireOrdered(double[] frameTimes, String what, String file) throws DatasetFormatException {
        for (int i = 0; i < frameTimes.length; i++) {
            if (!Double.isFinite(frameTimes[i])) {
                throw new DatasetFormatException(String.format(Locale.ROOT,
                        "%s: %s[%d] is %s; frame times must be finite", file, what, i, frameTimes[i]));
            }
            if (i > 0 && frameTimes[i] < frameTimes[i - 1]) {
                throw new DatasetFormatException(String.format(Locale.ROOT,
                        "%s: %s decreases at frame %d (%s after %s); frame times must not decrease",
                        file, what, i, frameTimes[i], frameTimes[i - 1]));
            }
        }
    }

    /**
     * The response window of every shown presentation.
     *
     * @throws DatasetFormatException if no presentation was shown, or a window holds no frame
     */
    static Windows windows(double[] frameTimes, StimulusEvents events, ResponseWindow window, String file)
            throws DatasetFormatException {
        int shown = 0;
        for (int k = 0; k < events.size(); k++) {
            shown += events.shown(k) ? 1 : 0;
        }
        if (shown == 0) {
            throw new DatasetFormatException(file + ": every presentation in " + events.source()
                    + " is a blank (NaN angle): nothing to decode");
        }
        int[] event = new int[shown];
        int[] first = new int[shown];
        int[] end = new int[shown];
        int t = 0;
        for (int k = 0; k < events.size(); k++) {
            if (!events.shown(k)) {
                continue;
            }
            double from = events.onsets()[k] + window.startSeconds();
            double to = events.onsets()[k] + window.endSeconds();
            event[t] = k;
            first[t] = lowerBound(frameTimes, from);
            end[t] = lowerBound(frameTimes, to);
            if (end[t] <= first[t]) {
                throw new DatasetFormatException(String.format(Locale.ROOT,
                        "%s: trial %d (onset %.3f s in %s) has no frame in its response window [%.3f, %.3f) s; "
                                + "the frames span %.3f to %.3f s; choose another --window",
                        file, t, events.onsets()[k], events.source(), from, to, frameTimes[0],
                        frameTimes[frameTimes.length - 1]));
            }
            t++;
        }
        return new Windows(event, first, end);
    }

    /** Index of the first time {@code >= value}, or the length if none is. */
    private static int lowerBound(double[] sorted, double value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * The angle shown at each frame: that of the last presentation with {@code onset <= t} that
     * is still on ({@code t < stop}, or, without a stop, until the next onset); NaN for blanks,
     * before the first onset and after a stop.
     */
    static double[] frameLabels(double[] frameTimes, StimulusEvents events) {
        double[] labels = new double[frameTimes.length];
        Arrays.fill(labels, Double.NaN);
        int k = -1;
        for (int f = 0; f < frameTimes.length; f++) {
            while (k + 1 < events.size() && events.onsets()[k + 1] <= frameTimes[f]) {
                k++;
            }
            if (k >= 0 && (Double.isNaN(events.stops()[k]) || frameTimes[f] < events.stops()[k])) {
                labels[f] = events.degrees()[k];
            }
        }
        return labels;
    }

    /** One row per shown presentation: angle, and time from the first shown onset. */
    static LoadedSession perTrial(String origin, float[][] rows, Windows windows, StimulusEvents events,
                                  String timing) {
        double[] degrees = new double[windows.trials()];
        double[] seconds = new double[windows.trials()];
        double first = events.onsets()[windows.event()[0]];
        for (int t = 0; t < windows.trials(); t++) {
            degrees[t] = events.degrees()[windows.event()[t]];
            seconds[t] = events.onsets()[windows.event()[t]] - first;
        }
        return new LoadedSession(origin, rows, degrees, seconds, timing);
    }

    /** One row per imaging frame, labelled by {@link #frameLabels}. */
    static LoadedSession perFrame(String origin, float[][] rows, double[] frameTimes, StimulusEvents events,
                                  String timing) {
        double[] seconds = new double[frameTimes.length];
        for (int f = 0; f < frameTimes.length; f++) {
            seconds[f] = frameTimes[f] - frameTimes[0];
        }
        return new LoadedSession(origin, rows, frameLabels(frameTimes, events), seconds, timing);
    }

    /** Per-neuron mean of one neuron's trace over each window, written into column {@code neuron}. */
    static void lineMeans(double[] trace, Windows windows, float[][] out, int neuron) {
        for (int t = 0; t < windows.trials(); t++) {
            double sum = 0;
            for (int f = windows.first()[t]; f < windows.end()[t]; f++) {
                sum += trace[f];
            }
            out[t][neuron] = (float) (sum / (windows.end()[t] - windows.first()[t]));
        }
    }
}
