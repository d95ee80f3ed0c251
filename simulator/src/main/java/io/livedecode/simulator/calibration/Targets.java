package io.livedecode.simulator.calibration;

import io.livedecode.protocol.Angles;

/** The circular regression targets: an angle as (cos, sin) of its fraction of the period, and back. */
final class Targets {

    private Targets() {
    }

    static double radians(double degrees, double periodDegrees) {
        return 2 * Math.PI * degrees / periodDegrees;
    }

    /** Mean (cos, sin) target of the first {@code n} angles. */
    static double[] means(double[] anglesDegrees, int n, double periodDegrees) {
        double c = 0;
        double s = 0;
        for (int i = 0; i < n; i++) {
            double a = radians(anglesDegrees[i], periodDegrees);
            c += Math.cos(a);
            s += Math.sin(a);
        }
        return new double[] {c / n, s / n};
    }

    /** (cos, sin) targets of the first {@code n} angles minus their means, as two columns. */
    static double[][] centred(double[] anglesDegrees, int n, double periodDegrees) {
        double[] means = means(anglesDegrees, n, periodDegrees);
        double[][] y = new double[2][n];
        for (int i = 0; i < n; i++) {
            double a = radians(anglesDegrees[i], periodDegrees);
            y[0][i] = Math.cos(a) - means[0];
            y[1][i] = Math.sin(a) - means[1];
        }
        return y;
    }

    /** The angle, degrees in [0, period), whose target points along (c, s). */
    static double degrees(double c, double s, double periodDegrees) {
        return Angles.wrap(Math.toDegrees(Math.atan2(s, c)) * periodDegrees / 360.0, periodDegrees);
    }
}
