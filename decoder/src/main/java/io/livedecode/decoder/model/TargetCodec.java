package io.livedecode.decoder.model;

import io.livedecode.protocol.Angles;

/** Turns labels into network targets and network outputs back into angles, per {@link TargetEncoding}. */
final class TargetCodec {
    private final TargetEncoding encoding;
    private final double period;
    private final double radiansPerDegree;

    TargetCodec(TargetEncoding encoding, double period) {
        this.encoding = encoding;
        this.period = period;
        this.radiansPerDegree = 2 * Math.PI / period;
    }

    /** Writes the targets for {@code degrees} (already wrapped into [0, period)). */
    void encode(double degrees, float[] target) {
        switch (encoding) {
            case COS_SIN -> {
                double t = degrees * radiansPerDegree;
                target[0] = (float) Math.cos(t);
                target[1] = (float) Math.sin(t);
            }
            case RAW_DEGREES -> target[0] = (float) (degrees / period);
        }
    }

    /** The decoded angle in [0, period), or NaN if the outputs are not finite. */
    double decode(float[] outputs) {
        double angle = switch (encoding) {
            case COS_SIN -> Math.atan2(outputs[1], outputs[0]) / radiansPerDegree;
            case RAW_DEGREES -> outputs[0] * period;
        };
        return Double.isFinite(angle) ? Angles.wrap(angle, period) : Double.NaN;
    }
}
