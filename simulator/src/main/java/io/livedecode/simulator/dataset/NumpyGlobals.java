package io.livedecode.simulator.dataset;

import io.livedecode.simulator.dataset.PickleValues.Global;
import io.livedecode.simulator.dataset.PickleValues.LargeString;
import io.livedecode.simulator.dataset.PickleValues.Opaque;
import io.livedecode.simulator.dataset.PickleValues.PyCallable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The Python globals a numpy pickle calls: array and dtype reconstruction, numpy scalars, and
 * the builtins that old protocols use to spell bytes. Both numpy 1 ({@code numpy.core}) and
 * numpy 2 ({@code numpy._core}) module names are understood.
 */
final class NumpyGlobals {

    private static final Set<String> MULTIARRAY_MODULES = Set.of(
            "numpy.core.multiarray", "numpy._core.multiarray",
            "numpy.core._multiarray_umath", "numpy._core._multiarray_umath");

    private NumpyGlobals() {
    }

    /** The callable for {@code module.name}, or a placeholder that builds opaque objects. */
    static Object resolve(String module, String name) {
        if (MULTIARRAY_MODULES.contains(module) && name.equals("_reconstruct")) {
            return (PyCallable) args -> new PickledArray();
        }
        if (MULTIARRAY_MODULES.contains(module) && name.equals("scalar")) {
            return (PyCallable) NumpyGlobals::scalar;
        }
        if (module.equals("numpy") && name.equals("dtype")) {
            return (PyCallable) NumpyGlobals::dtype;
        }
        if (module.equals("_codecs") && name.equals("encode")) {
            return (PyCallable) NumpyGlobals::encode;
        }
        boolean builtins = module.equals("builtins") || module.equals("__builtin__");
        if (builtins && (name.equals("bytes") || name.equals("bytearray"))) {
            return (PyCallable) NumpyGlobals::bytes;
        }
        if (module.equals("collections") && name.equals("OrderedDict")) {
            return (PyCallable) args -> new LinkedHashMap<>();
        }
        return new Global(module, name);
    }

    /** {@code numpy.dtype(typestr, align, copy)}; the byte order arrives later through BUILD. */
    private static Object dtype(List<Object> args) throws DatasetFormatException {
        if (args.isEmpty() || !(args.getFirst() instanceof String type)) {
            throw new DatasetFormatException("numpy.dtype pickled without a type string: " + args);
        }
        return new PickledDtype(type);
    }

    /** {@code scalar(dtype, bytes)}: a numpy scalar such as {@code np.float64(2.5)}. */
    private static Object scalar(List<Object> args) throws DatasetFormatException {
        if (args.size() == 2 && args.get(0) instanceof PickledDtype pickled
                && toBytes(args.get(1)) instanceof byte[] raw) {
            NpyDtype dtype = pickled.dtype();
            if (dtype.isLittleEndianReal() && raw.length == dtype.itemSize()) {
                ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
                if (dtype.kind() == 'f') {
                    return dtype.itemSize() == 4 ? (double) b.getFloat() : b.getDouble();
                }
                return Long.valueOf(ElementDecoder.integerAt(b, 0, dtype));
            }
            if (dtype.kind() == 'b' && raw.length == 1) {
                return raw[0] != 0;
            }
        }
        return new Opaque("numpy scalar", args);
    }

    /** {@code _codecs.encode(text, 'latin1')}: how protocol 2 writes Python 3 bytes. */
    private static Object encode(List<Object> args) throws DatasetFormatException {
        String encoding = args.size() > 1 && args.get(1) instanceof String e ? e : "utf-8";
        boolean latin1 = Set.of("latin1", "latin-1", "iso-8859-1", "iso8859-1", "l1")
                .contains(encoding.toLowerCase(Locale.ROOT));
        if (args.getFirst() instanceof LargeString large && latin1) {
            return new RawData.Latin1Text(large.utf8());
        }
        if (args.getFirst() instanceof String text) {
            Charset charset = latin1 ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
            return new RawData.InMemory(text.getBytes(charset));
        }
        throw new DatasetFormatException("_codecs.encode pickled with unusable arguments: " + args);
    }

    /** {@code bytes()}, {@code bytes(b'...')} or {@code bytearray(...)}. */
    private static Object bytes(List<Object> args) throws DatasetFormatException {
        if (args.isEmpty()) {
            return new RawData.InMemory(new byte[0]);
        }
        if (args.getFirst() instanceof RawData data) {
            return data;
        }
        if (args.getFirst() instanceof String) {
            return encode(args);
        }
        return new Opaque("bytes", args);
    }

    /** Bytes of a small payload, or null when it is not in memory. */
    static byte[] toBytes(Object value) {
        if (value instanceof RawData.InMemory memory) {
            return memory.bytes();
        }
        if (value instanceof String text) {
            // Python 2 pickles hold array bytes as str; numpy reads them as latin-1.
            return text.getBytes(StandardCharsets.ISO_8859_1);
        }
        return null;
    }
}
