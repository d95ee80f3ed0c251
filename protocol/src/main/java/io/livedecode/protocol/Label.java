package io.livedecode.protocol;

/**
 * The true stimulus of one frame sent after the frame itself, on the {@code labels} topic (the
 * session id is the record key).
 *
 * @param frameIndex   the index of the frame it labels, as in that frame's header
 * @param angleDegrees the stimulus angle in degrees; NaN when the frame will not be labelled after all
 */
public record Label(long frameIndex, double angleDegrees) {

    /** False for a withdrawal: the frame is decoded only, never learned from. */
    public boolean known() {
        return !Double.isNaN(angleDegrees);
    }

    /** Bitwise equality, so that a repeated withdrawal equals the first one. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Label that && frameIndex == that.frameIndex
                && Double.doubleToLongBits(angleDegrees) == Double.doubleToLongBits(that.angleDegrees);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(frameIndex) * 31 + Double.hashCode(angleDegrees);
    }
}
