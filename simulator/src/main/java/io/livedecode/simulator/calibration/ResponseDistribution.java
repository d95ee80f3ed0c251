package io.livedecode.simulator.calibration;

/**
 * The distribution of all responses of a session (every neuron in every trial): the exact mean and
 * quantiles read from a histogram of 0.01-wide bins over [0, 1000), so a quantile is exact to 0.01
 * without holding the responses. Values outside that range are counted in the edge bins.
 */
public final class ResponseDistribution {

    static final double RESOLUTION = 0.01;
    static final double CEILING = 1000.0;

    private final long[] histogram = new long[(int) Math.round(CEILING / RESOLUTION)];
    private double sum;
    private long count;
    private long outside;

    public void add(float[] responses) {
        int last = histogram.length - 1;
        double partial = 0;
        for (float r : responses) {
            partial += r;
            int bin = (int) (r * (1.0 / RESOLUTION));
            if (bin < 0 || bin > last || !(r >= 0)) {
                outside++;
                bin = r >= CEILING ? last : 0;
            }
            histogram[bin]++;
        }
        sum += partial;
        count += responses.length;
    }

    public long count() {
        return count;
    }

    /** Responses below 0 or at or above 1000 (or NaN), which quantiles place at the edges. */
    public long outsideRange() {
        return outside;
    }

    public double mean() {
        return sum / count;
    }

    /** The {@code q}-quantile, by linear interpolation within the 0.01-wide bin that holds it. */
    public double quantile(double q) {
        if (count == 0) {
            throw new IllegalStateException("no responses added");
        }
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in [0, 1], got " + q);
        }
        double target = q * count;
        long seen = 0;
        for (int b = 0; b < histogram.length; b++) {
            if (histogram[b] > 0 && seen + histogram[b] >= target) {
                double within = (target - seen) / histogram[b];
                return (b + within) * RESOLUTION;
            }
            seen += histogram[b];
        }
        return CEILING;
    }
}
