package io.livedecode.simulator.dataset;

import java.util.List;

/**
 * Checks described arrays against what a loader expects and decodes them into Java arrays,
 * with messages that name the file, the array, the expected and the actual shape or type.
 */
final class NdArrays {

    private NdArrays() {
    }

    /**
     * Requires a non-empty 2-D little-endian float32/float64 array.
     *
     * @param axes the expected axes, for messages, e.g. {@code "(trials, neurons)"}
     */
    static void requireMatrix(NdArray array, String file, String axes) throws DatasetFormatException {
        if (array.shape().size() != 2) {
            throw new DatasetFormatException(String.format("%s: %s must be 2-D %s; found shape %s",
                    file, array.name(), axes, array.shapeText()));
        }
        requireFloat(array, file);
        for (long d : array.shape()) {
            if (d == 0) {
                throw new DatasetFormatException(String.format("%s: %s is empty: shape %s %s",
                        file, array.name(), array.shapeText(), axes));
            }
            if (d > Integer.MAX_VALUE - 8) {
                throw new DatasetFormatException(String.format("%s: %s shape %s has a dimension too large to load",
                        file, array.name(), array.shapeText()));
            }
        }
    }

    /** Requires little-endian float32 or float64 elements. */
    static void requireFloat(NdArray array, String file) throws DatasetFormatException {
        if (!array.dtype().isLittleEndianFloat()) {
            throw new DatasetFormatException(String.format(
                    "%s: %s has dtype %s; expected little-endian float32 ('<f4') or float64 ('<f8')",
                    file, array.name(), array.dtype().describe()));
        }
    }

    /**
     * Requires a vector of {@code length} real numbers: shape {@code (n,)}, or a column {@code (n, 1)}
     * or row {@code (1, n)} as MATLAB-derived arrays often are.
     *
     * @param lengthSource what fixes the length, for messages, e.g. {@code "resp has 360 rows (trials)"}
     */
    static void requireVector(NdArray array, String file, long length, String lengthSource)
            throws DatasetFormatException {
        List<Long> s = array.shape();
        boolean vector = s.size() == 1 || (s.size() == 2 && (s.get(0) == 1 || s.get(1) == 1));
        if (!vector) {
            throw new DatasetFormatException(String.format(
                    "%s: %s must be a vector of shape (%d,) (or (%d, 1) or (1, %d)); found shape %s",
                    file, array.name(), length, length, length, array.shapeText()));
        }
        if (!array.dtype().isLittleEndianReal()) {
            throw new DatasetFormatException(String.format(
                    "%s: %s has dtype %s; expected little-endian floats or integers", file, array.name(),
                    array.dtype().describe()));
        }
        if (array.size() == 0) {
            throw new DatasetFormatException(String.format("%s: %s is empty: shape %s",
                    file, array.name(), array.shapeText()));
        }
        if (array.size() != length) {
            throw new DatasetFormatException(String.format("%s: %s has %d values (shape %s) but %s",
                    file, array.name(), array.size(), array.shapeText(), lengthSource));
        }
    }

    /** Decodes a vector checked by {@link #requireVector}. */
    static double[] readVector(NdArray array, String file) throws DatasetFormatException {
        double[] out = new double[Math.toIntExact(array.size())];
        ElementDecoder.decode(array, file, (first, values, count) ->
                System.arraycopy(values, 0, out, (int) first, count));
        return out;
    }

    /** Fails on the first NaN or infinity, naming its index. */
    static void requireFinite(double[] values, NdArray array, String file) throws DatasetFormatException {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new DatasetFormatException(String.format("%s: %s[%d] is %s; every value must be finite",
                        file, array.name(), i, values[i]));
            }
        }
    }

    /**
     * Decodes a matrix checked by {@link #requireMatrix} into float32 rows, one per trial, reading
     * the payload once in storage order (C or Fortran) and transposing on the fly.
     *
     * @param trialAxis 0 when rows are trials ({@code resp}), 1 when columns are ({@code sresp})
     */
    static float[][] readTrialMajor(NdArray array, String file, int trialAxis) throws DatasetFormatException {
        int rows = Math.toIntExact(array.shape().get(0));
        int cols = Math.toIntExact(array.shape().get(1));
        int trials = trialAxis == 0 ? rows : cols;
        int neurons = trialAxis == 0 ? cols : rows;
        float[][] out = new float[trials][neurons];
        boolean fortran = array.fortranOrder();
        int[] at = {0, 0}; // index of the next element: row, column
        ElementDecoder.decode(array, file, (first, values, count) -> {
            int r = at[0];
            int c = at[1];
            for (int i = 0; i < count; i++) {
                double v = values[i];
                float f = (float) v;
                if (!Float.isFinite(f)) {
                    throw notFinite(array, file, r, c, v);
                }
                if (trialAxis == 0) {
                    out[r][c] = f;
                } else {
                    out[c][r] = f;
                }
                if (fortran) {
                    if (++r == rows) {
                        r = 0;
                        c++;
                    }
                } else if (++c == cols) {
                    c = 0;
                    r++;
                }
            }
            at[0] = r;
            at[1] = c;
        });
        return out;
    }

    private static DatasetFormatException notFinite(NdArray array, String file, int row, int col, double v) {
        String what = Double.isFinite(v) ? "= " + v + ", outside the float32 range" : "is " + v;
        return new DatasetFormatException(String.format("%s: %s[%d, %d] %s; every response must be finite",
                file, array.name(), row, col, what));
    }
}
