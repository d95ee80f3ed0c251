package io.livedecode.decoder.live;

import java.util.Arrays;

/** The last {@code capacity} values of a stream, with its median and quantiles on demand. */
final class SampleWindow {

    private final double[] values;
    private final double[] sorted;
    private int size;
    private int next;

    SampleWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("window capacity " + capacity + " must be at least 1");
        }
        values = new double[capacity];
        sorted = new double[capacity];
    }

    void add(double value) {
        values[next] = value;
        next = (next + 1) % values.length;
        size = Math.min(size + 1, values.length);
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
        next = 0;
    }

    /** The median, the mean of the two middle values for an even count (as the service's error gauge); NaN when empty. */
    double median() {
        if (size == 0) {
            return Double.NaN;
        }
        sort();
        int h = size / 2;
        return size % 2 == 1 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;
    }

    /** The nearest-rank quantile {@code q} in (0, 1]: the smallest value with at least {@code q} of them at or below it. */
    double quantile(double q) {
        if (!(q > 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile " + q + " must be in (0, 1]");
        }
        if (size == 0) {
            return Double.NaN;
        }
        sort();
        return sorted[(int) Math.ceil(q * size) - 1];
    }

    private void sort() {
        System.arraycopy(values, 0, sorted, 0, size);
        Arrays.sort(sorted, 0, size);
    }
}
