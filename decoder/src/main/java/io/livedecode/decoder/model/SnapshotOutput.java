package io.livedecode.decoder.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Little-endian binary writer for decoder snapshots, with bulk array writes. */
final class SnapshotOutput {
    private ByteBuffer buffer;

    SnapshotOutput(int initialCapacity) {
        buffer = ByteBuffer.allocate(Math.max(64, initialCapacity)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private void ensure(long bytes) {
        long needed = (long) buffer.position() + bytes;
        if (needed > buffer.capacity()) {
            if (needed > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("snapshot would exceed 2 GiB: " + needed + " bytes");
            }
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
        ensure(4L * length);
        buffer.asFloatBuffer().put(a, offset, length);
        buffer.position(buffer.position() + 4 * length);
    }

    void writeShorts(short[] a, int offset, int length) {
        ensure(2L * length);
        buffer.asShortBuffer().put(a, offset, length);
        buffer.position(buffer.position() + 2 * length);
    }

    void writeDoubles(double[] a, int offset, int length) {
        ensure(8L * length);
        buffer.asDoubleBuffer().put(a, offset, length);
        buffer.position(buffer.position() + 8 * length);
    }

    int position() {
        return buffer.position();
    }

    /** The bytes written so far (a copy trimmed to length). */
    byte[] toByteArray() {
        return Arrays.copyOf(buffer.array(), buffer.position());
    }
}
