package io.livedecode.simulator.calibration;

import java.util.Arrays;

/** Order statistics of a sample, by linear interpolation between order statistics (numpy's default). */
public final class Quantiles {

    private Quantiles() {
    }

    public static double median(double[] values) {
        return of(values, 0.5);
    }

    /** The {@code q}-quantile of {@code values}, q in [0, 1]; NaN values are not allowed. */
    public static double of(double[] values, double q) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values to take a quantile of");
        }
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in [0, 1], got " + q);
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        if (Double.isNaN(sorted[sorted.length - 1])) {
            throw new IllegalArgumentException("values contain NaN");
        }
        double position = q * (sorted.length - 1);
        int low = (int) Math.floor(position);
        int high = Math.min(low + 1, sorted.length - 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }
}
