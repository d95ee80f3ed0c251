package io.livedecode.decoder.model;

import java.util.Arrays;

/**
 * Reusable storage for the arrays of captured snapshots ({@link OnlineDecoder#capture}): the
 * decoding thread copies each model's state arrays here, which is a memory copy, and another thread
 * turns them into snapshot bytes later. Its arrays grow to the largest snapshot taken and are kept,
 * so a steady stream of snapshots allocates nothing big on the decoding thread.
 *
 * <p>One staging holds one set of captures at a time: {@link #reset} it (from the thread about to
 * capture) only once every capture into it has been rendered. Hand-overs between threads need a
 * happens-before edge, e.g. a queue.
 */
public final class SnapshotStaging {
    float[] floats;
    double[] doubles;
    short[] shorts;
    int floatCount;
    int doubleCount;
    int shortCount;

    /** Elements of each array type that a set of captures needs. */
    public record Size(int floats, int doubles, int shorts) {
        /** Nothing: a staging that grows with its first captures. */
        public static final Size EMPTY = new Size(0, 0, 0);

        public Size {
            if (floats < 0 || doubles < 0 || shorts < 0) {
                throw new IllegalArgumentException("negative staging size: " + floats + ", " + doubles + ", " + shorts);
            }
        }

        public boolean isEmpty() {
            return floats == 0 && doubles == 0 && shorts == 0;
        }
    }

    /** An empty staging: its arrays grow with the first captures. */
    public SnapshotStaging() {
        this(Size.EMPTY);
    }

    /**
     * A staging whose arrays already hold {@code size}, so captures of that size allocate and copy
     * nothing beyond their own arrays (the first capture of a growing staging copies what it holds
     * each time an array grows).
     */
    public SnapshotStaging(Size size) {
        floats = new float[size.floats()];
        doubles = new double[size.doubles()];
        shorts = new short[size.shorts()];
    }

    /** What the captures since the last {@link #reset} used. */
    public Size used() {
        return new Size(floatCount, doubleCount, shortCount);
    }

    /** Forgets every capture made into this staging; its storage is kept for the next ones. */
    public void reset() {
        floatCount = 0;
        doubleCount = 0;
        shortCount = 0;
    }

    /** Bytes of array storage this staging holds. */
    public long capacityBytes() {
        return 4L * floats.length + 8L * doubles.length + 2L * shorts.length;
    }

    int addFloats(float[] a, int offset, int length) {
        int at = floatCount;
        if (at + length > floats.length) {
            floats = Arrays.copyOf(floats, grown(floats.length, at + length));
        }
        System.arraycopy(a, offset, floats, at, length);
        floatCount += length;
        return at;
    }

    int addDoubles(double[] a, int offset, int length) {
        int at = doubleCount;
        if (at + length > doubles.length) {
            doubles = Arrays.copyOf(doubles, grown(doubles.length, at + length));
        }
        System.arraycopy(a, offset, doubles, at, length);
        doubleCount += length;
        return at;
    }

    int addShorts(short[] a, int offset, int length) {
        int at = shortCount;
        if (at + length > shorts.length) {
            shorts = Arrays.copyOf(shorts, grown(shorts.length, at + length));
        }
        System.arraycopy(a, offset, shorts, at, length);
        shortCount += length;
        return at;
    }

    private static int grown(int capacity, long needed) {
        if (needed > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("snapshot staging would exceed 2^31 elements: " + needed);
        }
        return (int) Math.min(Integer.MAX_VALUE - 16, Math.max(needed, capacity + (long) capacity / 2));
    }
}
