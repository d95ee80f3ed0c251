package io.livedecode.decoder.live;

import io.livedecode.protocol.RejectReason;
import java.util.Arrays;

/**
 * Frames copied out of a {@link FrameTape} for the page's timer, one row per frame and one column
 * group per variant ({@code [row * variants + v]}). Reused for every session and every tick.
 */
final class FrameBatch {

    static final int REASONS = RejectReason.values().length;

    final int variants;
    final long[] frame;
    final long[] acquiredNanos;
    final double[] trueDegrees;
    final double[] decodedDegrees;
    final double[] errorDegrees;
    final long[] modelVersion;
    final long[] decodedNanos;
    /** The tape's rejected frames by reason ordinal, counted since the session was first seen. */
    final long[] rejectedTotal = new long[REASONS];
    /** Rows filled by the last drain. */
    int size;
    /** Frames the drain could not copy because the tape had overwritten them. */
    long overwritten;
    /** The tape position after the last row: where the next drain starts. */
    long cursor;

    FrameBatch(int capacity, int variants) {
        this.variants = variants;
        frame = new long[capacity];
        acquiredNanos = new long[capacity];
        trueDegrees = new double[capacity];
        decodedDegrees = new double[capacity * variants];
        errorDegrees = new double[capacity * variants];
        modelVersion = new long[capacity * variants];
        decodedNanos = new long[capacity * variants];
    }

    int capacity() {
        return frame.length;
    }

    void clear() {
        size = 0;
        overwritten = 0;
        Arrays.fill(rejectedTotal, 0);
    }
}
