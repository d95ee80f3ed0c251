package io.livedecode.simulator.dataset;

import io.livedecode.simulator.dataset.PickleValues.PyStateful;
import java.util.List;

/**
 * A {@code numpy.dtype} being rebuilt from a pickle: the constructor gives the type string
 * ({@code 'f8'}), the state tuple gives the byte order and, for structured types, field names.
 */
final class PickledDtype implements PyStateful {

    private final String typeString;
    private NpyDtype dtype;

    PickledDtype(String typeString) {
        this.typeString = typeString;
        // Without state numpy means native order; every numpy writes the state, so this is a guess
        // that only unusual hand-made pickles would exercise.
        this.dtype = NpyDtype.fromPickle(typeString, '=');
    }

    /**
     * State layouts: {@code (version, byteorder, subarray, names, fields, elsize, alignment,
     * flags[, metadata])}; versions 3 and 4 are what numpy 1.x and 2.x write.
     */
    @Override
    public void setState(Object state) throws DatasetFormatException {
        if (!(state instanceof List<?> items) || items.size() < 5 || !(items.get(1) instanceof String order)
                || order.length() != 1) {
            throw new DatasetFormatException("numpy.dtype('" + typeString + "') has an unreadable pickled state: "
                    + state);
        }
        boolean structured = items.get(2) != null || items.get(3) != null || items.get(4) != null;
        dtype = structured
                ? NpyDtype.unsupported(order + typeString + " (structured)")
                : NpyDtype.fromPickle(typeString, order.charAt(0));
    }

    NpyDtype dtype() {
        return dtype;
    }

    @Override
    public String toString() {
        return "dtype(" + dtype.text() + ")";
    }
}
