package io.livedecode.simulator.dataset;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A numeric numpy array found in a file, described but not yet decoded: its name, element type,
 * shape, memory order and where its bytes are.
 *
 * @param name         the key it was stored under, for messages
 * @param dtype        the element type
 * @param shape        the dimensions, outermost first
 * @param fortranOrder true when the first index varies fastest in the bytes
 * @param data         the payload
 */
record NdArray(String name, NpyDtype dtype, List<Long> shape, boolean fortranOrder, RawData data) {

    NdArray {
        shape = List.copyOf(shape);
    }

    /** Number of elements. */
    long size() {
        long size = 1;
        for (long d : shape) {
            size = Math.multiplyExact(size, d);
        }
        return size;
    }

    /** The shape as Python prints it: {@code (360,)}, {@code (23589, 4598)}. */
    String shapeText() {
        return formatShape(shape);
    }

    static String formatShape(List<Long> shape) {
        if (shape.size() == 1) {
            return "(" + shape.getFirst() + ",)";
        }
        return shape.stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
    }
}
