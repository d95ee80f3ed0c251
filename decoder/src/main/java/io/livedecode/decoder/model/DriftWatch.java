package io.livedecode.decoder.model;

/**
 * The drift detectors of one decoder, fed once per learned labelled frame: Page-Hinkley on the log
 * prequential error and, when {@link DriftSettings#inputThreshold} is set, a second one on the log
 * mean square of the frame as the standardiser saw it ({@link #scaledSquaredNorm}). The error shows
 * any change that hurts the model, but a model that absorbs most of a change within a few dozen
 * frames (a ReLU network after a gain step) may never hurt long enough for the error test. The
 * inputs show a change of the neurons' gains or tuning at once, whatever the model does with it:
 * the standardised frame has a mean square of about 1 while the running means and variances
 * describe the population, and several times that when the neurons' responses move away from them.
 *
 * <p>An alarm of either starts both over, so one change raises one alarm (after an alarm each waits
 * out its warm-up again). Deterministic on any machine ({@link StrictMath#log}, sums in a fixed
 * order): a function of the labelled frames and their errors, and written into snapshots.
 */
final class DriftWatch {
    /** Keeps the log finite for a frame at every neuron's mean. */
    private static final double INPUT_FLOOR = 0.01;
    /** Keeps the log finite for an exact decode. */
    private static final double ERROR_FLOOR = 1e-4;

    private final double periodDegrees;
    /** Page-Hinkley on the log error; null when off. */
    private final PageHinkley error;
    /** Page-Hinkley on the log mean square of the standardised frame; null when off. */
    private final PageHinkley input;

    DriftWatch(DriftSettings drift, double periodDegrees) {
        this.periodDegrees = periodDegrees;
        this.error = drift.detectorThreshold() > 0 ? new PageHinkley(drift.detectorDelta(), drift.detectorThreshold(),
                drift.detectorWarmup(), drift.detectorMemory()) : null;
        this.input = drift.inputThreshold() > 0 ? new PageHinkley(drift.detectorDelta(), drift.inputThreshold(),
                drift.detectorWarmup(), drift.detectorMemory()) : null;
    }

    /**
     * The squared norm of the first {@code n} values of a standardised frame ({@code (x - mean) / sd /
     * sqrt(n)}), scaled to the neurons that contribute: times {@code n / (values not 0)}. A neuron
     * whose variance is still 0 contributes 0, and on a sparse population many do for the first tens
     * of frames; scaled, the expected value is about 1 from the second frame on at any sparsity.
     * NaN when every value is 0 (the first frame, or no variance yet), which the test skips. Sums in a
     * fixed order.
     */
    static double scaledSquaredNorm(float[] z, int n) {
        // Four running sums (a fixed order) so the additions do not wait on each other.
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int zeros = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            float a = z[i];
            float b = z[i + 1];
            float c = z[i + 2];
            float d = z[i + 3];
            s0 += (double) a * a;
            s1 += (double) b * b;
            s2 += (double) c * c;
            s3 += (double) d * d;
            zeros += (a == 0 ? 1 : 0) + (b == 0 ? 1 : 0) + (c == 0 ? 1 : 0) + (d == 0 ? 1 : 0);
        }
        for (; i < n; i++) {
            s0 += (double) z[i] * z[i];
            zeros += z[i] == 0 ? 1 : 0;
        }
        int contributing = n - zeros;
        return contributing == 0 ? Double.NaN : (s0 + s1 + s2 + s3) * n / contributing;
    }

    /**
     * Feeds one learned labelled frame.
     *
     * @param errorDegrees its prequential error (NaN: not scored, the error test skips it)
     * @param z            the frame as the standardiser included it (its first {@code n} values)
     * @param n            the neuron count
     * @return whether either test raised an alarm (both have then started over)
     */
    boolean observe(double errorDegrees, float[] z, int n) {
        boolean alarm = false;
        if (error != null && !Double.isNaN(errorDegrees)) {
            error.update(StrictMath.log(errorDegrees / periodDegrees + ERROR_FLOOR));
            alarm = error.driftDetected();
        }
        if (input != null) {
            double norm = scaledSquaredNorm(z, n);
            if (!Double.isNaN(norm)) {
                input.update(StrictMath.log(norm + INPUT_FLOOR));
                alarm |= input.driftDetected();
            }
        }
        if (alarm) {
            if (error != null) {
                error.reset();
            }
            if (input != null) {
                input.reset();
            }
        }
        return alarm;
    }

    void write(SnapshotOutput out) {
        if (error != null) {
            error.write(out);
        }
        if (input != null) {
            input.write(out);
        }
    }

    void read(SnapshotInput in) {
        if (error != null) {
            error.read(in);
        }
        if (input != null) {
            input.read(in);
        }
    }
}
