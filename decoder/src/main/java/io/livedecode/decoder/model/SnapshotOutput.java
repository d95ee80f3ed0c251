package io.livedecode.decoder.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Little-endian binary writer for decoder snapshots, with bulk array writes. Built with a
 * {@link SnapshotStaging}, it defers the arrays: each bulk write is copied into the staging and
 * remembered by its place among the scalars, and {@link #render} later writes the same bytes the
 * direct writer would have, on whichever thread calls it.
 */
final class SnapshotOutput {
    private static final int FLOATS = 0;
    private static final int DOUBLES = 1;
    private static final int SHORTS = 2;
    /** Ints per deferred array: kind, offset in the staging, length, position among the scalars. */
    private static final int SEGMENT = 4;

    private ByteBuffer buffer;
    private final SnapshotStaging staging;
    private int[] segments = new int[0];
    private int segmentCount;
    private long deferredBytes;

    SnapshotOutput(int initialCapacity) {
        this(initialCapacity, null);
    }

    /** @param staging where bulk arrays are copied to be rendered later; null writes them at once */
    SnapshotOutput(int initialCapacity, SnapshotStaging staging) {
        buffer = ByteBuffer.allocate(Math.max(64, initialCapacity)).order(ByteOrder.LITTLE_ENDIAN);
        this.staging = staging;
    }

    private void ensure(long bytes) {
        long needed = (long) buffer.position() + bytes;
        if (needed + deferredBytes > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("snapshot would exceed 2 GiB: " + (needed + deferredBytes) + " bytes");
        }
        if (needed > buffer.capacity()) {
            long grown = Math.min(Integer.MAX_VALUE - 16, Math.max(needed, buffer.capacity() * 3L / 2));
            ByteBuffer bigger = ByteBuffer.allocate((int) grown).order(ByteOrder.LITTLE_ENDIAN);
            buffer.flip();
            bigger.put(buffer);
            buffer = bigger;
        }
    }

    void writeInt(int v) {
        ensure(4);
        buffer.putInt(v);
    }

    void writeLong(long v) {
        ensure(8);
        buffer.putLong(v);
    }

    void writeDouble(double v) {
        ensure(8);
        buffer.putDouble(v);
    }

    void writeFloats(float[] a, int offset, int length) {
        if (staging != null) {
            defer(FLOATS, staging.addFloats(a, offset, length), length, 4);
            return;
        }
        ensure(4L * length);
        buffer.asFloatBuffer().put(a, offset, length);
        buffer.position(buffer.position() + 4 * length);
    }

    void writeShorts(short[] a, int offset, int length) {
        if (staging != null) {
            defer(SHORTS, staging.addShorts(a, offset, length), length, 2);
            return;
        }
        ensure(2L * length);
        buffer.asShortBuffer().put(a, offset, length);
        buffer.position(buffer.position() + 2 * length);
    }

    void writeDoubles(double[] a, int offset, int length) {
        if (staging != null) {
            defer(DOUBLES, staging.addDoubles(a, offset, length), length, 8);
            return;
        }
        ensure(8L * length);
        buffer.asDoubleBuffer().put(a, offset, length);
        buffer.position(buffer.position() + 8 * length);
    }

    /** Remembers an array copied to the staging; one that continues the previous one extends it (a matrix's columns). */
    private void defer(int kind, int at, int length, int width) {
        long total = buffer.position() + deferredBytes + (long) width * length;
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("snapshot would exceed 2 GiB: " + total + " bytes");
        }
        deferredBytes += (long) width * length;
        int insertAt = buffer.position();
        if (segmentCount > 0) {
            int last = (segmentCount - 1) * SEGMENT;
            if (segments[last] == kind && segments[last + 3] == insertAt && segments[last + 1] + segments[last + 2] == at) {
                segments[last + 2] += length;
                return;
            }
        }
        if ((segmentCount + 1) * SEGMENT > segments.length) {
            segments = Arrays.copyOf(segments, Math.max(4 * SEGMENT, 2 * segments.length));
        }
        int s = segmentCount++ * SEGMENT;
        segments[s] = kind;
        segments[s + 1] = at;
        segments[s + 2] = length;
        segments[s + 3] = insertAt;
    }

    /** Bytes written so far, deferred arrays included. */
    int position() {
        return (int) (buffer.position() + deferredBytes);
    }

    /** The bytes written so far (a copy trimmed to length); only without a staging. */
    byte[] toByteArray() {
        if (staging != null) {
            throw new IllegalStateException("a deferred snapshot is rendered with render()");
        }
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    /**
     * Writes the bytes the direct writer would have written into {@code dst} at {@code offset}: the
     * scalars as they came, each deferred array converted from the staging in its place.
     *
     * @return the number of bytes written, {@link #position()}
     */
    int render(byte[] dst, int offset) {
        byte[] scalars = buffer.array();
        ByteBuffer out = ByteBuffer.wrap(dst).order(ByteOrder.LITTLE_ENDIAN);
        out.position(offset);
        int from = 0;
        for (int s = 0; s < segmentCount * SEGMENT; s += SEGMENT) {
            int insertAt = segments[s + 3];
            out.put(scalars, from, insertAt - from);
            from = insertAt;
            int at = segments[s + 1];
            int length = segments[s + 2];
            switch (segments[s]) {
                case FLOATS -> out.asFloatBuffer().put(staging.floats, at, length);
                case DOUBLES -> out.asDoubleBuffer().put(staging.doubles, at, length);
                default -> out.asShortBuffer().put(staging.shorts, at, length);
            }
            out.position(out.position() + length * (segments[s] == FLOATS ? 4 : segments[s] == DOUBLES ? 8 : 2));
        }
        out.put(scalars, from, buffer.position() - from);
        return out.position() - offset;
    }
}
