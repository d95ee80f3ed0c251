package io.livedecode.simulator.dataset;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The stimulus presentations of a recording, in onset order.
 *
 * @param onsets  onset times in seconds, on the clock of the frame times, non-decreasing
 * @param stops   end times in seconds; NaN where a presentation lasts until the next onset
 * @param degrees angle of each presentation in degrees; NaN marks a blank (no grating shown)
 * @param source  where they came from, for messages and the session's description
 */
record StimulusEvents(double[] onsets, double[] stops, double[] degrees, String source) {

    /** Sorts presentations by onset (ties keep their order) and checks the onsets are finite. */
    static StimulusEvents of(double[] onsets, double[] stops, double[] degrees, String source, String file)
            throws DatasetFormatException {
        if (onsets.length != stops.length || onsets.length != degrees.length) {
            throw new IllegalArgumentException("one onset, stop and angle per presentation");
        }
        if (onsets.length == 0) {
            throw new DatasetFormatException(file + ": " + source + " holds no stimulus presentation");
        }
        for (int i = 0; i < onsets.length; i++) {
            if (!Double.isFinite(onsets[i])) {
                throw new DatasetFormatException(String.format(Locale.ROOT,
                        "%s: %s presentation %d has onset %s; onsets must be finite", file, source, i, onsets[i]));
            }
            if (Double.isInfinite(degrees[i])) {
                throw new DatasetFormatException(String.format(Locale.ROOT,
                        "%s: %s presentation %d has angle %s; angles must be finite (NaN marks a blank)",
                        file, source, i, degrees[i]));
            }
        }
        Integer[] order = IntStream.range(0, onsets.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> onsets[i]));
        double[] on = new double[onsets.length];
        double[] off = new double[onsets.length];
        double[] deg = new double[onsets.length];
        for (int k = 0; k < order.length; k++) {
            on[k] = onsets[order[k]];
            off[k] = stops[order[k]];
            deg[k] = degrees[order[k]];
        }
        return new StimulusEvents(on, off, deg, source);
    }

    int size() {
        return onsets.length;
    }

    /** True when presentation {@code k} showed a grating. */
    boolean shown(int k) {
        return !Double.isNaN(degrees[k]);
    }
}
