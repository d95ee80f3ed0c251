package io.livedecode.decoder.model;

/**
 * The result of one {@link OnlineDecoder#step}: a mutable holder so a caller can reuse one
 * instance per stream and decode without allocating.
 */
public final class StepResult {
    private double decodedDegrees = Double.NaN;
    private double errorDegrees = Double.NaN;
    private StepOutcome outcome;
    private long version;
    private boolean driftDetected;

    /** The decoded angle in {@code [0, period)}, NaN if the network output was not finite. */
    public double decodedDegrees() {
        return decodedDegrees;
    }

    /**
     * The circular absolute error of the decoded angle, measured before learning from the label
     * (prequential), in {@code [0, period / 2]}; NaN when the frame had no label.
     */
    public double errorDegrees() {
        return errorDegrees;
    }

    /** What happened to the frame. */
    public StepOutcome outcome() {
        return outcome;
    }

    /** The model version after the step: the number of updates applied so far. */
    public long version() {
        return version;
    }

    /**
     * Whether learning from this frame made the decoder's drift detector fire (it then re-estimates
     * its input statistics; see {@link DriftSettings}).
     */
    public boolean driftDetected() {
        return driftDetected;
    }

    void set(double decoded, double error, StepOutcome what, long modelVersion) {
        decodedDegrees = decoded;
        errorDegrees = error;
        outcome = what;
        version = modelVersion;
        driftDetected = false;
    }

    void driftDetected(boolean alarm) {
        driftDetected = alarm;
    }

    @Override
    public String toString() {
        return String.format("StepResult[decoded=%.3f, error=%.3f, outcome=%s, version=%d%s]",
                decodedDegrees, errorDegrees, outcome, version, driftDetected ? ", drift detected" : "");
    }
}
