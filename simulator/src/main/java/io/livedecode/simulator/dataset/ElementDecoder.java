package io.livedecode.simulator.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Streams the elements of a numeric array, in the order they are stored, as chunks of doubles.
 * Float32 and all integers up to 2^53 convert exactly; a chunk is small, so memory stays flat
 * however large the array is.
 */
final class ElementDecoder {

    /** Receives consecutive elements: {@code values[0]} is element {@code first} in storage order. */
    interface Sink {
        void accept(long first, double[] values, int count) throws DatasetFormatException;
    }

    private static final int CHUNK_ELEMENTS = 1 << 17;

    private ElementDecoder() {
    }

    /** Decodes every element of {@code array}; {@code file} names the source in messages. */
    static void decode(NdArray array, String file, Sink sink) throws DatasetFormatException {
        NpyDtype dtype = array.dtype();
        if (!dtype.isLittleEndianReal()) {
            throw new DatasetFormatException(file + ": " + array.name() + " has dtype " + dtype.describe()
                    + ", which is not a little-endian number");
        }
        long size = array.size();
        int itemSize = dtype.itemSize();
        byte[] bytes = new byte[CHUNK_ELEMENTS * itemSize];
        double[] values = new double[CHUNK_ELEMENTS];
        float[] floats = dtype.kind() == 'f' && itemSize == 4 ? new float[CHUNK_ELEMENTS] : null;
        long done = 0;
        try (InputStream in = array.data().open()) {
            while (done < size) {
                int count = (int) Math.min(CHUNK_ELEMENTS, size - done);
                int wanted = count * itemSize;
                int got = in.readNBytes(bytes, 0, wanted);
                if (got < wanted) {
                    throw new DatasetFormatException(String.format(
                            "%s: %s %s ends after %d of its %d bytes: the file is truncated",
                            file, array.name(), array.shapeText(), done * itemSize + got, size * itemSize));
                }
                ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, wanted).order(ByteOrder.LITTLE_ENDIAN);
                if (floats != null) {
                    buffer.asFloatBuffer().get(floats, 0, count);
                    for (int i = 0; i < count; i++) {
                        values[i] = floats[i];
                    }
                } else if (dtype.kind() == 'f') {
                    buffer.asDoubleBuffer().get(values, 0, count);
                } else {
                    for (int i = 0; i < count; i++) {
                        values[i] = toDouble(integerAt(buffer, i * itemSize, dtype), dtype);
                    }
                }
                sink.accept(done, values, count);
                done += count;
            }
        } catch (IOException e) {
            if (e instanceof DatasetFormatException format) {
                throw format;
            }
            throw new DatasetFormatException(file + ": cannot read " + array.name() + ": " + e.getMessage(), e);
        }
    }

    /** The integer at byte {@code offset}; uint64 values above 2^63 come back as negative longs. */
    static long integerAt(ByteBuffer buffer, int offset, NpyDtype dtype) {
        boolean signed = dtype.kind() == 'i';
        return switch (dtype.itemSize()) {
            case 1 -> signed ? buffer.get(offset) : buffer.get(offset) & 0xFFL;
            case 2 -> signed ? buffer.getShort(offset) : buffer.getShort(offset) & 0xFFFFL;
            case 4 -> signed ? buffer.getInt(offset) : buffer.getInt(offset) & 0xFFFF_FFFFL;
            default -> buffer.getLong(offset);
        };
    }

    private static double toDouble(long value, NpyDtype dtype) {
        if (dtype.kind() == 'u' && dtype.itemSize() == 8 && value < 0) {
            return (value >>> 1) * 2.0 + (value & 1);
        }
        return value;
    }
}
