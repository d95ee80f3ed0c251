package io.livedecode.protocol;

/**
 * Arithmetic on periodic angles in degrees: the circular error every decoder, benchmark and
 * decoded record ({@code error_deg}) reports.
 */
public final class Angles {
    private Angles() {
    }

    /** {@code degrees} reduced into {@code [0, period)}; NaN stays NaN. */
    public static double wrap(double degrees, double period) {
        double r = degrees % period;
        if (r < 0) {
            r += period;
        }
        // -1e-17 % 360 + 360 rounds to 360 itself.
        return r >= period ? 0 : r;
    }

    /** Distance between two angles around the circle of {@code period} degrees: in {@code [0, period / 2]}. */
    public static double circularDistance(double a, double b, double period) {
        double d = wrap(a - b, period);
        return Math.min(d, period - d);
    }
}
