package io.livedecode.simulator.dataset;

import java.util.Locale;

/**
 * A numpy element type as written in an npy header ({@code '<f8'}) or rebuilt from a pickled
 * {@code numpy.dtype}: byte order, kind letter and item size.
 *
 * @param byteOrder {@code '<'} little-endian, {@code '>'} big-endian, {@code '|'} not applicable
 * @param kind      numpy kind letter: f float, i signed, u unsigned, b bool, c complex, O object...;
 *                  {@code '?'} for types this reader does not understand (structured, subarray)
 * @param itemSize  bytes per element (0 when unknown)
 * @param text      how numpy spelled it, for messages
 */
public record NpyDtype(char byteOrder, char kind, int itemSize, String text) {

    /** The object dtype, whose elements are pickled Python objects. */
    public static final NpyDtype OBJECT = new NpyDtype('|', 'O', 8, "|O");

    /** Parses a header descr string such as {@code '<f8'}, {@code '|u1'} or {@code '|O'}. */
    public static NpyDtype parse(String descr) {
        if (descr.length() >= 2 && "<>|=".indexOf(descr.charAt(0)) >= 0) {
            return fromTypeString(descr.substring(1), descr.charAt(0), descr);
        }
        return fromTypeString(descr, '|', descr);
    }

    /**
     * Builds a dtype from numpy's pickled form: the type string given to the constructor
     * ({@code 'f8'}, {@code 'O8'}) and the byte order from its state tuple.
     */
    static NpyDtype fromPickle(String typeString, char byteOrder) {
        return fromTypeString(typeString, byteOrder, byteOrder + typeString);
    }

    /** A dtype this reader cannot decode (structured or otherwise unusual), kept for messages. */
    static NpyDtype unsupported(String text) {
        return new NpyDtype('|', '?', 0, text);
    }

    private static NpyDtype fromTypeString(String type, char byteOrder, String text) {
        if (type.isEmpty() || !Character.isLetter(type.charAt(0))) {
            return unsupported(text);
        }
        char kind = type.charAt(0);
        if (type.length() == 1) {
            return new NpyDtype(byteOrder, kind, kind == 'O' ? 8 : 0, text);
        }
        try {
            return new NpyDtype(byteOrder, kind, Integer.parseInt(type.substring(1)), text);
        } catch (NumberFormatException e) {
            // Datetime units ('M8[ns]') and the like: readable as text, never as numbers here.
            return unsupported(text);
        }
    }

    /** True for little-endian float32 and float64, the two types a response matrix may have. */
    public boolean isLittleEndianFloat() {
        return kind == 'f' && (itemSize == 4 || itemSize == 8) && byteOrder == '<';
    }

    /** True for types decodable as real numbers: little-endian (or single-byte) floats and integers. */
    public boolean isLittleEndianReal() {
        boolean orderOk = byteOrder == '<' || (byteOrder == '|' && itemSize == 1);
        return orderOk && switch (kind) {
            case 'f' -> itemSize == 4 || itemSize == 8;
            case 'i', 'u' -> itemSize == 1 || itemSize == 2 || itemSize == 4 || itemSize == 8;
            default -> false;
        };
    }

    /** The header-style spelling followed by numpy's name, e.g. {@code '>f8' (float64, big-endian)}. */
    public String describe() {
        String name = switch (kind) {
            case 'f' -> "float" + itemSize * 8;
            case 'i' -> "int" + itemSize * 8;
            case 'u' -> "uint" + itemSize * 8;
            case 'c' -> "complex" + itemSize * 8;
            case 'b' -> "bool";
            case 'O' -> "object";
            case 'U' -> "unicode string";
            case 'S' -> "byte string";
            default -> "unsupported";
        };
        String order = switch (byteOrder) {
            case '>' -> ", big-endian";
            case '=' -> ", native byte order";
            default -> "";
        };
        return String.format(Locale.ROOT, "'%s' (%s%s)", text, name, order);
    }
}
