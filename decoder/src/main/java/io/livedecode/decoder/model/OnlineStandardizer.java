package io.livedecode.decoder.model;

/**
 * Per-neuron running mean and variance (Welford, or exponentially weighted once more than
 * {@code window} frames have been seen when a window is set) that turns raw responses into
 * {@code (x - mean) / sd / sqrt(n)}, so the input vector has unit norm on average whatever the
 * neuron count and one learning rate fits every population size.
 *
 * <p>Only labelled frames update the statistics, and the update is two-phase: {@link #include}
 * computes the statistics with the new frame into spare arrays and {@link #commit} makes them
 * current by swapping arrays. A refused model update therefore leaves the standardiser exactly as
 * it was, and decoding an unlabelled frame never changes any state. A neuron whose variance is
 * still zero contributes zero.
 *
 * <p>Including the frame before standardising it bounds every standardised value by
 * {@code sqrt(count - 1)} (Samuelson), which keeps the very first updates small without a
 * warm-up period.
 */
final class OnlineStandardizer {
    private final int n;
    private final double scale;
    private final WeightKernels kernels;
    /** 0: every frame weighs alike; else the statistics forget with this exponential window. */
    private final int window;
    private long count;
    private double[] mean;
    private double[] m2;
    private double[] nextMean;
    private double[] nextM2;
    private boolean pending;

    OnlineStandardizer(int n, WeightKernels kernels) {
        this(n, kernels, 0);
    }

    OnlineStandardizer(int n, WeightKernels kernels, int window) {
        this.n = n;
        this.window = window;
        this.scale = 1 / Math.sqrt(n);
        this.kernels = kernels;
        this.mean = new double[n];
        this.m2 = new double[n];
        this.nextMean = new double[n];
        this.nextM2 = new double[n];
    }

    /** Labelled frames included so far. */
    long count() {
        return count;
    }

    /** The running means, copied. */
    double[] meanCopy() {
        return mean.clone();
    }

    /** The running sums of squared deviations (variance = m2 / count), copied. */
    double[] m2Copy() {
        return m2.clone();
    }

    /**
     * Writes {@code x} standardised with the current statistics into {@code z}.
     *
     * @return the largest absolute value written, or NaN if {@code x} holds a non-finite value
     */
    float standardize(float[] x, float[] z) {
        pending = false;
        if (count == 0) {
            java.util.Arrays.fill(z, 0, n, 0f);
            float bad = 0f;
            for (int i = 0; i < n; i++) {
                bad += x[i] * 0f;
            }
            return Float.isNaN(bad) ? Float.NaN : 0f;
        }
        return kernels.standardize(x, mean, m2, 1.0 / weight(count), scale, z, n);
    }

    /** Frames of weight the statistics carry after {@code frames} frames: all of them, or the window. */
    private long weight(long frames) {
        return window == 0 ? frames : Math.min(frames, window);
    }

    /**
     * Computes the statistics that include {@code x} (pending until {@link #commit}) and writes
     * {@code x} standardised with them into {@code z}.
     *
     * @return the largest absolute value written, or NaN if {@code x} holds a non-finite value
     *         (then nothing may be committed)
     */
    float include(float[] x, float[] z) {
        float max = window == 0 || count < window
                ? kernels.include(x, mean, m2, nextMean, nextM2, 1.0 / (count + 1), scale, z, n)
                : kernels.includeForgetting(x, mean, m2, nextMean, nextM2, 1.0 / window, 1 - 1.0 / window, scale, z, n);
        pending = !Float.isNaN(max);
        return max;
    }

    /** Makes the statistics computed by the last {@link #include} current. */
    void commit() {
        if (!pending) {
            throw new IllegalStateException("nothing to commit: include() was not called since the last commit");
        }
        double[] t = mean;
        mean = nextMean;
        nextMean = t;
        t = m2;
        m2 = nextM2;
        nextM2 = t;
        count++;
        pending = false;
    }

    /**
     * Keeps the current means and variances but only {@code frames} frames of weight, so the frames
     * that follow move them quickly (after a change of the population). Does nothing if the
     * statistics already weigh no more.
     */
    void restart(long frames) {
        long weight = weight(count);
        if (frames < 1 || weight <= frames) {
            return;
        }
        // Variance is m2 / weight: scale m2 with the weight so the variances stay.
        double factor = (double) frames / weight;
        for (int i = 0; i < n; i++) {
            m2[i] *= factor;
        }
        count = frames;
        pending = false;
    }

    void write(SnapshotOutput out) {
        out.writeLong(count);
        out.writeDoubles(mean, 0, n);
        out.writeDoubles(m2, 0, n);
    }

    void read(SnapshotInput in) {
        count = in.readLong();
        if (count < 0) {
            throw new InvalidSnapshotException("standardiser count is negative: " + count);
        }
        in.readDoubles(mean, 0, n);
        in.readDoubles(m2, 0, n);
        pending = false;
    }
}
