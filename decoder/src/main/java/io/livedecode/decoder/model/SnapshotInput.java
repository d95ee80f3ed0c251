package io.livedecode.decoder.model;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Little-endian binary reader for decoder snapshots; running out of bytes is an invalid snapshot. */
final class SnapshotInput {
    private final ByteBuffer buffer;

    SnapshotInput(byte[] bytes, int offset, int length) {
        buffer = ByteBuffer.wrap(bytes, offset, length).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    private void need(long bytes, String what) {
        if (bytes > buffer.remaining()) {
            throw new InvalidSnapshotException(String.format(
                    "snapshot truncated: %s needs %d bytes at offset %d, only %d remain",
                    what, bytes, buffer.position(), buffer.remaining()));
        }
    }

    int readInt() {
        need(4, "an int");
        return buffer.getInt();
    }

    long readLong() {
        need(8, "a long");
        return buffer.getLong();
    }

    double readDouble() {
        need(8, "a double");
        return buffer.getDouble();
    }

    void readFloats(float[] a, int offset, int length) {
        need(4L * length, length + " floats");
        try {
            buffer.asFloatBuffer().get(a, offset, length);
        } catch (BufferUnderflowException e) {
            throw new InvalidSnapshotException("snapshot truncated reading " + length + " floats", e);
        }
        buffer.position(buffer.position() + 4 * length);
    }

    void readShorts(short[] a, int offset, int length) {
        need(2L * length, length + " shorts");
        buffer.asShortBuffer().get(a, offset, length);
        buffer.position(buffer.position() + 2 * length);
    }

    void readDoubles(double[] a, int offset, int length) {
        need(8L * length, length + " doubles");
        buffer.asDoubleBuffer().get(a, offset, length);
        buffer.position(buffer.position() + 8 * length);
    }

    int remaining() {
        return buffer.remaining();
    }
}
