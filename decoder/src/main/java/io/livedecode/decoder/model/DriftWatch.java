package io.livedecode.decoder.model;

/**
 * The drift detectors of one decoder, fed once per learned labelled frame: Page-Hinkley on the log
 * prequential error and, when {@link DriftSettings#inputThreshold} is set, a second one on the log
 * squared norm of the frame as the standardiser saw it. The error shows any change that hurts the
 * model, but a model that absorbs most of a change within a few dozen frames (a ReLU network after a
 * gain step) may never hurt long enough for the error test. The inputs show a change of the
 * neurons' gains or tuning at once, whatever the model does with it: the standardised frame has a
 * squared norm of about 1 while the running means and variances describe the population, and
 * several times that when the neurons' responses move away from them.
 *
 * <p>An alarm of either starts both over, so one change raises one alarm (after an alarm each waits
 * out its warm-up again). Deterministic: a function of the labelled frames and their errors, and
 * written into snapshots.
 */
final class DriftWatch {
    /** Keeps the log finite for an all-zero frame (the first one, or a standardiser with no variance yet). */
    private static final double INPUT_FLOOR = 0.01;
    /** Keeps the log finite for an exact decode. */
    private static final double ERROR_FLOOR = 1e-4;

    private final double periodDegrees;
    /** Page-Hinkley on the log error; null when off. */
    private final PageHinkley error;
    /** Page-Hinkley on the log squared norm of the standardised frame; null when off. */
    private final PageHinkley input;

    DriftWatch(DriftSettings drift, double periodDegrees) {
        this.periodDegrees = periodDegrees;
        this.error = drift.detectorThreshold() > 0 ? new PageHinkley(drift.detectorDelta(), drift.detectorThreshold(),
                drift.detectorWarmup(), drift.detectorMemory()) : null;
        this.input = drift.inputThreshold() > 0 ? new PageHinkley(drift.detectorDelta(), drift.inputThreshold(),
                drift.detectorWarmup(), drift.detectorMemory()) : null;
    }

    /** The squared norm of the first {@code n} values of a standardised frame, in a fixed order. */
    static double squaredNorm(float[] z, int n) {
        double a = 0;
        double b = 0;
        int i = 0;
        for (; i + 1 < n; i += 2) {
            a += (double) z[i] * z[i];
            b += (double) z[i + 1] * z[i + 1];
        }
        if (i < n) {
            a += (double) z[i] * z[i];
        }
        return a + b;
    }

    /** Whether {@link #observe} needs the frame's squared norm. */
    boolean watchesInputs() {
        return input != null;
    }

    /**
     * Feeds one learned labelled frame.
     *
     * @param errorDegrees its prequential error (NaN: not scored, the error test skips it)
     * @param squaredNorm  its standardised squared norm ({@link #squaredNorm}); ignored unless watched
     * @return whether either test raised an alarm (both have then started over)
     */
    boolean observe(double errorDegrees, double squaredNorm) {
        boolean alarm = false;
        if (error != null && !Double.isNaN(errorDegrees)) {
            error.update(Math.log(errorDegrees / periodDegrees + ERROR_FLOOR));
            alarm = error.driftDetected();
        }
        if (input != null) {
            input.update(Math.log(squaredNorm + INPUT_FLOOR));
            alarm |= input.driftDetected();
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
