package io.livedecode.decoder.model;

/**
 * Per-neuron running mean and variance (Welford) that turns raw responses into
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
    private long count;
    private double[] mean;
    private double[] m2;
    private double[] nextMean;
    private double[] nextM2;
    private boolean pending;

    OnlineStandardizer(int n) {
        this.n = n;
        this.scale = 1 / Math.sqrt(n);
        this.mean = new double[n];
        this.m2 = new double[n];
        this.nextMean = new double[n];
        this.nextM2 = new double[n];
    }

    /** Labelled frames included so far. */
    long count() {
        return count;
    }

    /**
     * Writes {@code x} standardised with the current statistics into {@code z}.
     *
     * @return the largest absolute value written
     */
    float standardize(float[] x, float[] z) {
        pending = false;
        return standardize(x, z, mean, m2, count);
    }

    /**
     * Computes the statistics that include {@code x} (pending until {@link #commit}) and writes
     * {@code x} standardised with them into {@code z}.
     *
     * @return the largest absolute value written
     */
    float include(float[] x, float[] z) {
        long next = count + 1;
        double invCount = 1.0 / next;
        double[] mu = mean;
        double[] s = m2;
        double[] nmu = nextMean;
        double[] ns = nextM2;
        for (int i = 0; i < n; i++) {
            double xi = x[i];
            double delta = xi - mu[i];
            double m = mu[i] + delta * invCount;
            nmu[i] = m;
            ns[i] = s[i] + delta * (xi - m);
        }
        pending = true;
        return standardize(x, z, nmu, ns, next);
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

    private float standardize(float[] x, float[] z, double[] mu, double[] s, long c) {
        if (c == 0) {
            java.util.Arrays.fill(z, 0, n, 0f);
            return 0f;
        }
        double invCount = 1.0 / c;
        float max = 0f;
        for (int i = 0; i < n; i++) {
            double var = s[i] * invCount;
            float v = var > 0 ? (float) ((x[i] - mu[i]) * (scale / Math.sqrt(var))) : 0f;
            z[i] = v;
            max = Math.max(max, Math.abs(v));
        }
        return max;
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
