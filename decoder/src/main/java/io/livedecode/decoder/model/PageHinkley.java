package io.livedecode.decoder.model;

/**
 * The Page-Hinkley test for an increase of the mean of a stream: call {@link #update(double)} with
 * each observation, then {@link #driftDetected()}.
 *
 * <p>It keeps the running mean {@code mean_t} of the observations since the last reset and the
 * cumulative excess {@code m_t = sum (x_s - mean_s - delta)} with its running minimum {@code M_t}.
 * With a {@code memory}, the running mean weighs the observations since the reset alike only up to
 * {@code memory} of them, and from then on forgets exponentially with that window, so it follows a
 * stream whose level still falls slowly (a model that is still learning): a cumulative mean stays
 * above such a stream's current level, and a rise after a change must first make up the difference.
 * While the mean is stable, {@code m_t} drifts down by about {@code delta} per observation and
 * stays near its minimum; after the mean rises by {@code d > delta}, {@code m_t - M_t} grows by
 * about {@code d - delta} per observation and crosses {@code threshold} after roughly
 * {@code threshold / (d - delta)} observations. A falling mean (a model that is still learning)
 * never raises an alarm. After an alarm the test starts over with the next observation.
 *
 * <p>Parameters: {@code delta}, the tolerated increase (smaller makes the test more sensitive and
 * more prone to false alarms); {@code threshold}, the evidence needed (larger means fewer false
 * alarms and later detection); {@code warmup}, observations after a (re)start before an alarm is
 * allowed, so the running mean has settled; {@code memory}, 0 for a cumulative mean, else the
 * window of the running mean (well above the detection delay, so a change does not become the
 * reference before it is detected).
 *
 * <p>Deterministic and small: five numbers of state, written into decoder snapshots.
 */
public final class PageHinkley {
    private final double delta;
    private final double threshold;
    private final int warmup;
    private final int memory;
    private long count;
    private double mean;
    private double cumulative;
    private double minimum;
    private boolean detected;

    /** A test whose running mean weighs every observation since the last (re)start alike. */
    public PageHinkley(double delta, double threshold, int warmup) {
        this(delta, threshold, warmup, 0);
    }

    /**
     * @throws IllegalArgumentException if {@code delta < 0}, {@code threshold <= 0}, {@code warmup < 0}
     *                                  or {@code memory < 0}
     */
    public PageHinkley(double delta, double threshold, int warmup, int memory) {
        if (!(delta >= 0) || !Double.isFinite(delta)) {
            throw new IllegalArgumentException("delta must be >= 0 and finite, got " + delta);
        }
        if (!(threshold > 0) || !Double.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold must be positive and finite, got " + threshold);
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("warmup must be >= 0, got " + warmup);
        }
        if (memory < 0) {
            throw new IllegalArgumentException("memory must be 0 (cumulative) or positive, got " + memory);
        }
        this.delta = delta;
        this.threshold = threshold;
        this.warmup = warmup;
        this.memory = memory;
    }

    /** Adds one observation (a NaN is ignored); starts over first if the previous one raised an alarm. */
    public void update(double x) {
        if (detected) {
            reset();
        }
        if (Double.isNaN(x)) {
            return;
        }
        count++;
        mean += (x - mean) / (memory == 0 ? count : Math.min(count, memory));
        cumulative += x - mean - delta;
        minimum = Math.min(minimum, cumulative);
        detected = count >= warmup && cumulative - minimum > threshold;
    }

    /** Whether the last observation raised an alarm. */
    public boolean driftDetected() {
        return detected;
    }

    /** The test statistic {@code m_t - M_t}, compared with the threshold. */
    public double statistic() {
        return cumulative - minimum;
    }

    /** Observations since the last (re)start. */
    public long count() {
        return count;
    }

    /** Forgets every observation. */
    public void reset() {
        count = 0;
        mean = 0;
        cumulative = 0;
        minimum = 0;
        detected = false;
    }

    void write(SnapshotOutput out) {
        out.writeLong(count);
        out.writeDouble(mean);
        out.writeDouble(cumulative);
        out.writeDouble(minimum);
        out.writeInt(detected ? 1 : 0);
    }

    void read(SnapshotInput in) {
        count = in.readLong();
        mean = in.readDouble();
        cumulative = in.readDouble();
        minimum = in.readDouble();
        int flag = in.readInt();
        if (count < 0 || (flag != 0 && flag != 1) || !Double.isFinite(mean) || !Double.isFinite(cumulative)
                || !(minimum <= 0) || cumulative < minimum) {
            throw new InvalidSnapshotException(String.format(
                    "drift detector state is inconsistent: count %d, mean %s, sum %s, minimum %s, flag %d",
                    count, mean, cumulative, minimum, flag));
        }
        detected = flag == 1;
    }
}
