package io.livedecode.decoder.live;

import io.livedecode.protocol.Angles;

/**
 * Where an angle is drawn on the live page's angle chart, whose axis spans one period plus a
 * margin of {@value #MARGIN} of a period below 0 and above the period.
 *
 * <p>Stimuli are usually shown in random order, so the chart draws each frame as a dot, never a
 * line between frames; a dot cannot spike across the chart. What a dot can do near the seam is sit
 * a whole period away from its frame's true angle: a decoded 1 degree for a true 359 is a 2-degree
 * miss, drawn at the opposite edge. So a decoded angle is drawn at the copy (angle + k * period)
 * nearest its true angle, as long as that copy stays inside the margin; the axis labels every
 * value modulo the period.
 */
final class CircularPlot {

    /** Share of a period the axis shows beyond each end of {@code [0, period]}. */
    static final double MARGIN = 0.125;

    private CircularPlot() {
    }

    /** The true angle's position: the angle reduced into {@code [0, period)}; NaN when unknown. */
    static double truth(double trueDegrees, double period) {
        return Angles.wrap(trueDegrees, period);
    }

    /**
     * The decoded angle's position: reduced into {@code [0, period)}, then moved by a whole period
     * when that brings it nearer the true angle without leaving the chart's margin.
     */
    static double decoded(double decodedDegrees, double trueDegrees, double period) {
        double d = Angles.wrap(decodedDegrees, period);
        if (Double.isNaN(trueDegrees) || Double.isNaN(d)) {
            return d;
        }
        double t = Angles.wrap(trueDegrees, period);
        double nearest = d + period * Math.rint((t - d) / period);
        return nearest >= -MARGIN * period && nearest <= (1 + MARGIN) * period ? nearest : d;
    }
}
