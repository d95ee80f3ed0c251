package io.livedecode.simulator.calibration;

/** Differences between angles on a circle of a given period (360 for direction, 180 for orientation). */
public final class CircularError {

    private CircularError() {
    }

    /**
     * The absolute difference between {@code a} and {@code b} the short way round a circle of
     * {@code periodDegrees}: a value in {@code [0, periodDegrees / 2]}. For a period of 180,
     * 179 and 1 are 2 apart.
     */
    public static double absoluteDegrees(double a, double b, double periodDegrees) {
        checkPeriod(periodDegrees);
        double d = Math.abs(a - b) % periodDegrees;
        return Math.min(d, periodDegrees - d);
    }

    /** {@code degrees} brought into {@code [0, periodDegrees)}. */
    public static double wrap(double degrees, double periodDegrees) {
        checkPeriod(periodDegrees);
        double w = degrees % periodDegrees;
        if (w < 0) {
            w += periodDegrees;
        }
        // -1e-18 % 360 + 360 rounds to 360 itself.
        return w >= periodDegrees ? 0.0 : w;
    }

    private static void checkPeriod(double periodDegrees) {
        if (!(periodDegrees > 0) || !Double.isFinite(periodDegrees)) {
            throw new IllegalArgumentException("periodDegrees must be positive and finite, got " + periodDegrees);
        }
    }
}
