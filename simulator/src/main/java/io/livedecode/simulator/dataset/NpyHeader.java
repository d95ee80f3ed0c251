package io.livedecode.simulator.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The header of an npy file (format versions 1.0 to 3.0): magic, version, and the Python dict
 * giving the element type, memory order and shape of the array that follows it.
 *
 * @param dtype        element type from {@code descr}
 * @param fortranOrder {@code fortran_order}
 * @param shape        {@code shape}
 * @param length       bytes from the start of the file to the first byte of data
 */
record NpyHeader(NpyDtype dtype, boolean fortranOrder, List<Long> shape, long length) {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    NpyHeader {
        shape = List.copyOf(shape);
    }

    /** True when {@code start} begins with the npy magic string. */
    static boolean hasMagic(byte[] start) {
        return start.length >= MAGIC.length && Arrays.equals(start, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** Reads exactly the header from {@code in}, leaving it at the first byte of data. */
    static NpyHeader read(InputStream in, String file) throws DatasetFormatException {
        try {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!hasMagic(magic)) {
                throw new DatasetFormatException(file + ": not an npy file (it does not start with \\x93NUMPY)");
            }
            int major = in.read();
            int minor = in.read();
            if (major < 1 || major > 3) {
                throw new DatasetFormatException(file + ": npy format version " + major + "." + minor
                        + " is not supported (1.0 to 3.0 are)");
            }
            byte[] size = in.readNBytes(major == 1 ? 2 : 4);
            long headerSize = 0;
            for (int i = size.length - 1; i >= 0; i--) {
                headerSize = (headerSize << 8) | (size[i] & 0xFF);
            }
            if (size.length < (major == 1 ? 2 : 4) || headerSize > 1 << 24) {
                throw new DatasetFormatException(file + ": npy header length is missing or absurd");
            }
            byte[] text = in.readNBytes((int) headerSize);
            if (text.length < headerSize) {
                throw new DatasetFormatException(file + ": the npy header is truncated");
            }
            String dict = new String(text, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            return parse(dict, file, MAGIC.length + 2 + size.length + headerSize);
        } catch (DatasetFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new DatasetFormatException(file + ": cannot read the npy header: " + e.getMessage(), e);
        }
    }

    private static NpyHeader parse(String text, String file, long length) throws DatasetFormatException {
        Object literal;
        try {
            literal = PyLiteral.parse(text);
        } catch (IllegalArgumentException e) {
            throw new DatasetFormatException(file + ": unreadable npy header: " + e.getMessage(), e);
        }
        if (!(literal instanceof Map<?, ?> map) || !map.containsKey("descr")
                || !(map.get("fortran_order") instanceof Boolean fortran) || !(map.get("shape") instanceof List<?> dims)) {
            throw new DatasetFormatException(file + ": npy header lacks descr, fortran_order or shape: " + text.strip());
        }
        NpyDtype dtype = map.get("descr") instanceof String descr
                ? NpyDtype.parse(descr)
                : NpyDtype.unsupported(String.valueOf(map.get("descr")));
        List<Long> shape = new ArrayList<>();
        for (Object d : dims) {
            if (!(d instanceof Long n) || n < 0) {
                throw new DatasetFormatException(file + ": npy header has a bad shape " + dims);
            }
            shape.add(n);
        }
        return new NpyHeader(dtype, fortran, shape, length);
    }
}
