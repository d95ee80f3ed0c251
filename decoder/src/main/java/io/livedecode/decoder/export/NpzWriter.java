package io.livedecode.decoder.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.StringJoiner;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes an {@code .npz} archive as {@code numpy.savez} does: a zip of uncompressed {@code .npy}
 * files (format version 1.0), one per array, which {@code numpy.load} opens without pickles.
 * Arrays are little-endian and in C order; text is a 0-d unicode array ({@code str(a)} in numpy).
 * Entries carry a fixed date, so the same arrays give the same bytes.
 */
public final class NpzWriter {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    /** numpy aligns the data of a v1.0 file to 64 bytes. */
    private static final int ALIGN = 64;
    /** 1980-01-01, the earliest time a zip entry can hold. */
    private static final long ENTRY_TIME = 315_532_800_000L;

    private final ByteArrayOutputStream bytes;
    private final ZipOutputStream zip;
    private final Set<String> names = new HashSet<>();

    /** @param expectedBytes a size hint for the archive */
    public NpzWriter(int expectedBytes) {
        this.bytes = new ByteArrayOutputStream(Math.max(1024, expectedBytes));
        this.zip = new ZipOutputStream(bytes);
    }

    /** A float32 array of the given shape, {@code values} in C order. */
    public NpzWriter float32(String name, int[] shape, float[] values) {
        requireSize(name, shape, values.length);
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return entry(name, "<f4", shape, b.array());
    }

    /** A float64 array of the given shape, {@code values} in C order. */
    public NpzWriter float64(String name, int[] shape, double[] values) {
        requireSize(name, shape, values.length);
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(values);
        return entry(name, "<f8", shape, b.array());
    }

    /** A 0-d float64 array. */
    public NpzWriter float64(String name, double value) {
        return float64(name, new int[0], new double[] {value});
    }

    /** A 0-d int64 array. */
    public NpzWriter int64(String name, long value) {
        return entry(name, "<i8", new int[0], ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
    }

    /** A 0-d unicode array ({@code <U}n, UTF-32 code points). */
    public NpzWriter text(String name, String value) {
        int[] codePoints = value.codePoints().toArray();
        ByteBuffer b = ByteBuffer.allocate(4 * codePoints.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(codePoints);
        // numpy has no zero-length unicode dtype: an empty string is stored as <U1 holding a NUL.
        return codePoints.length == 0 ? entry(name, "<U1", new int[0], new byte[4])
                : entry(name, "<U" + codePoints.length, new int[0], b.array());
    }

    /**
     * An array of any dtype numpy knows, its little-endian C-order bytes given.
     *
     * @param descr a numpy type string such as {@code <f4}
     */
    public NpzWriter entry(String name, String descr, int[] shape, byte[] data) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("array name '" + name + "' must be a Python identifier");
        }
        if (!names.add(name)) {
            throw new IllegalArgumentException("array '" + name + "' is already in the archive");
        }
        byte[] header = header(descr, shape);
        CRC32 crc = new CRC32();
        crc.update(header);
        crc.update(data);
        ZipEntry e = new ZipEntry(name + ".npy");
        // Stored, as numpy.savez writes: weights hardly compress, and inflating would only cost time.
        e.setMethod(ZipEntry.STORED);
        e.setSize(header.length + (long) data.length);
        e.setCompressedSize(e.getSize());
        e.setCrc(crc.getValue());
        e.setTime(ENTRY_TIME);
        try {
            zip.putNextEntry(e);
            zip.write(header);
            zip.write(data);
            zip.closeEntry();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return this;
    }

    /** Finishes the archive and returns its bytes; nothing may be added afterwards. */
    public byte[] finish() {
        try {
            zip.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The npy v1.0 preamble: magic, version, header length, and the header dict padded with spaces. */
    static byte[] header(String descr, int[] shape) {
        StringJoiner dims = new StringJoiner(", ", "(", shape.length == 1 ? ",)" : ")");
        for (int d : shape) {
            dims.add(Integer.toString(d));
        }
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + dims + ", }";
        int unpadded = MAGIC.length + 2 + dict.length() + 1;
        int total = (unpadded + ALIGN - 1) / ALIGN * ALIGN;
        String text = dict + " ".repeat(total - unpadded) + "\n";
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putShort((short) text.length()).put(text.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    private static void requireSize(String name, int[] shape, int length) {
        long size = 1;
        for (int d : shape) {
            size *= d;
        }
        if (size != length) {
            throw new IllegalArgumentException(String.format("array '%s' has %d values but shape %s holds %d",
                    name, length, java.util.Arrays.toString(shape), size));
        }
    }
}
