package io.livedecode.simulator.dataset;

import io.livedecode.simulator.dataset.PickleValues.PyStateful;
import java.util.ArrayList;
import java.util.List;

/**
 * A numpy array being rebuilt from a pickle: {@code _reconstruct} makes an empty one and the
 * BUILD opcode supplies {@code (version, shape, dtype, is_fortran, data)}. Numeric arrays keep
 * their payload as {@link RawData}; object arrays hold a list of their elements.
 */
final class PickledArray implements PyStateful {

    private NpyDtype dtype;
    private List<Long> shape;
    private boolean fortranOrder;
    private Object data;

    @Override
    public void setState(Object state) throws DatasetFormatException {
        if (!(state instanceof List<?> items) || items.size() < 4 || items.size() > 5) {
            throw new DatasetFormatException("numpy array pickled with an unreadable state: " + state);
        }
        // Version 1 states lead with the version number; the oldest ones have no version.
        int at = items.size() == 5 ? 1 : 0;
        if (!(items.get(at + 1) instanceof PickledDtype pickledDtype)) {
            throw new DatasetFormatException("numpy array pickled without a dtype: " + state);
        }
        dtype = pickledDtype.dtype();
        shape = shapeOf(items.get(at));
        fortranOrder = Boolean.TRUE.equals(items.get(at + 2)) || Long.valueOf(1).equals(items.get(at + 2));
        Object payload = items.get(at + 3);
        byte[] inMemory = NumpyGlobals.toBytes(payload);
        data = inMemory != null ? new RawData.InMemory(inMemory) : payload;
    }

    private static List<Long> shapeOf(Object value) throws DatasetFormatException {
        if (!(value instanceof List<?> dims)) {
            throw new DatasetFormatException("numpy array pickled with shape " + value + ", not a tuple");
        }
        List<Long> shape = new ArrayList<>();
        for (Object d : dims) {
            if (!(d instanceof Long n) || n < 0) {
                throw new DatasetFormatException("numpy array pickled with a bad dimension " + d + " in " + dims);
            }
            shape.add(n);
        }
        return shape;
    }

    boolean isBuilt() {
        return dtype != null;
    }

    NpyDtype dtype() {
        return dtype;
    }

    List<Long> shape() {
        return List.copyOf(shape);
    }

    /** The elements of an object array (numpy pickles them as a flat list), else null. */
    List<?> objects() {
        return data instanceof List<?> list ? list : null;
    }

    /** Describes a numeric array as an {@link NdArray} named {@code name}. */
    NdArray toNdArray(String name) throws DatasetFormatException {
        if (!(data instanceof RawData raw)) {
            throw new DatasetFormatException(name + " has dtype " + dtype.describe()
                    + " and holds Python objects, not numbers");
        }
        return new NdArray(name, dtype, shape, fortranOrder, raw);
    }

    @Override
    public String toString() {
        return isBuilt() ? "ndarray(dtype=" + dtype.text() + ", shape=" + NdArray.formatShape(shape) + ")"
                : "ndarray(unbuilt)";
    }
}
