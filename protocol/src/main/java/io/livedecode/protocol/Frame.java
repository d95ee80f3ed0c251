package io.livedecode.protocol;

import java.util.Arrays;
import java.util.Objects;

/**
 * One stimulus presentation as it travels on the {@code frames} topic (the session id is the
 * record key, not part of the value).
 *
 * @param frameIndex      position of the frame in its session, from 0
 * @param acquiredNanos   acquisition time, nanoseconds since the Unix epoch
 * @param stimulusDegrees the true stimulus angle in degrees, or NaN when the frame is unlabelled
 * @param responses       one response per neuron; not copied, so callers must not share it
 * @param flags           header flags, {@link #LABEL_FOLLOWS} or 0
 */
public record Frame(long frameIndex, long acquiredNanos, double stimulusDegrees, float[] responses, int flags) {

    /** Flag bit 0: the stimulus is NaN here and comes later as a label record on the labels topic. */
    public static final int LABEL_FOLLOWS = 1;

    public Frame {
        Objects.requireNonNull(responses, "responses");
    }

    /** A frame without flags, as producers before the flags field wrote. */
    public Frame(long frameIndex, long acquiredNanos, double stimulusDegrees, float[] responses) {
        this(frameIndex, acquiredNanos, stimulusDegrees, responses, 0);
    }

    /** True when the frame's label comes later on the labels topic. */
    public boolean labelFollows() {
        return (flags & LABEL_FOLLOWS) != 0;
    }

    /** True when the frame carries its stimulus, i.e. a model may learn from it. */
    public boolean labelled() {
        return !Double.isNaN(stimulusDegrees);
    }

    public int neurons() {
        return responses.length;
    }

    /** Bitwise equality, so that NaN labels and negative zeros compare as they were sent. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Frame that
                && frameIndex == that.frameIndex
                && acquiredNanos == that.acquiredNanos
                && flags == that.flags
                && Double.doubleToRawLongBits(stimulusDegrees) == Double.doubleToRawLongBits(that.stimulusDegrees)
                && responses.length == that.responses.length
                && rawBitsEqual(responses, that.responses);
    }

    @Override
    public int hashCode() {
        return Objects.hash(frameIndex, acquiredNanos, Double.doubleToRawLongBits(stimulusDegrees), flags)
                * 31 + Arrays.hashCode(responses);
    }

    @Override
    public String toString() {
        return "Frame[index=" + frameIndex + ", acquiredNanos=" + acquiredNanos
                + ", stimulusDegrees=" + stimulusDegrees + ", neurons=" + responses.length + ", flags=" + flags + "]";
    }

    private static boolean rawBitsEqual(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                return false;
            }
        }
        return true;
    }
}
