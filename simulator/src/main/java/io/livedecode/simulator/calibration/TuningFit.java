package io.livedecode.simulator.calibration;

/**
 * A fitted tuning curve {@code baseline + exp(kappa (cos 2 delta - 1)) * (preferredLobe (1 + cos delta)
 * / 2 + nullLobe (1 - cos delta) / 2)}, delta being the stimulus angle minus the preferred direction:
 * a von Mises bump on the orientation-doubled angle whose two lobes, 180 degrees apart, may differ.
 * For orientation stimuli (period 180) the lobes are one and the same.
 *
 * @param preferredDegrees direction of the larger lobe, in [0, period)
 * @param concentration    von Mises concentration (kappa) of orientation tuning
 * @param baseline         response far from the preferred orientation
 * @param preferredLobe    peak above baseline at the preferred direction
 * @param nullLobe         peak above baseline 180 degrees away (equal to preferredLobe for period 180)
 * @param periodDegrees    360 (direction) or 180 (orientation)
 */
public record TuningFit(
        double preferredDegrees,
        double concentration,
        double baseline,
        double preferredLobe,
        double nullLobe,
        double periodDegrees) {

    /** The fitted mean response to a stimulus at {@code degrees}. */
    public double response(double degrees) {
        double delta = Math.toRadians(degrees - preferredDegrees);
        double cos = Math.cos(delta);
        double bump = Math.exp(concentration * (Math.cos(2 * delta) - 1));
        return baseline + bump * (preferredLobe * (1 + cos) / 2 + nullLobe * (1 - cos) / 2);
    }

    /**
     * Orientation selectivity {@code (R_pref - R_orth) / (R_pref + R_orth)} on the fitted curve, with
     * R_orth the mean of the responses 90 degrees either side of the preferred direction; responses
     * are floored at 0, so the index is in [0, 1] whenever the preferred response is the larger.
     */
    public double orientationSelectivity() {
        double preferred = Math.max(0, response(preferredDegrees));
        double orthogonal = Math.max(0, (response(preferredDegrees + 90) + response(preferredDegrees - 90)) / 2);
        return index(preferred, orthogonal);
    }

    /**
     * Direction selectivity {@code (R_pref - R_null) / (R_pref + R_null)} on the fitted curve, R_null
     * 180 degrees from the preferred direction; 0 for orientation stimuli (period 180).
     */
    public double directionSelectivity() {
        if (periodDegrees == 180.0) {
            return 0.0;
        }
        double preferred = Math.max(0, response(preferredDegrees));
        double opposite = Math.max(0, response(preferredDegrees + 180));
        return index(preferred, opposite);
    }

    private static double index(double preferred, double other) {
        double sum = preferred + other;
        return sum == 0 ? 0.0 : (preferred - other) / sum;
    }
}
