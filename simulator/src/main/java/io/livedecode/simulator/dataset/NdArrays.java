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
        // A storage line is the run of elements along the axis that varies fastest in the bytes.
        int lineLength = array.fortranOrder() ? rows : cols;
        int fastAxis = array.fortranOrder() ? 0 : 1;
        boolean linesAreNeurons = fastAxis == trialAxis;
        int linesPerBlock = Math.max(1, (1 << 20) / lineLength);
        double[] block = new double[linesPerBlock * lineLength];
        long[] filled = {0}; // elements decoded so far
        ElementDecoder.decode(array, file, (first, values, count) -> {
            int taken = 0;
            while (taken < count) {
                int inBlock = (int) (filled[0] % block.length);
                int n = Math.min(count - taken, block.length - inBlock);
                System.arraycopy(values, taken, block, inBlock, n);
                taken += n;
                filled[0] += n;
                if (inBlock + n == block.length || filled[0] == array.size()) {
                    long firstLine = (filled[0] - inBlock - n) / lineLength;
                    int lines = (inBlock + n) / lineLength;
                    if (linesAreNeurons) {
                        transposeLines(block, lines, lineLength, (int) firstLine, out, array, file);
                    } else {
                        copyLines(block, lines, lineLength, (int) firstLine, out, array, file);
                    }
                }
            }
        });
        return out;
    }

    /** Lines are trials already: each becomes one output row. */
    private static void copyLines(double[] block, int lines, int length, int firstLine, float[][] out,
                                  NdArray array, String file) throws DatasetFormatException {
        for (int l = 0; l < lines; l++) {
            float[] row = out[firstLine + l];
            for (int i = 0; i < length; i++) {
                double v = block[l * length + i];
                float f = (float) v;
                if (!Float.isFinite(f)) {
                    throw notFinite(array, file, firstLine + l, i, v);
                }
                row[i] = f;
            }
        }
    }

    /**
     * Lines are neurons: element {@code t} of a line belongs to trial {@code t}. Writing a block
     * of consecutive neurons into each trial row in turn touches every row once per block rather
     * than once per element, which keeps the transpose from thrashing the TLB on large files.
     */
    private static void transposeLines(double[] block, int lines, int length, int firstLine, float[][] out,
                                       NdArray array, String file) throws DatasetFormatException {
        for (int t = 0; t < length; t++) {
            float[] row = out[t];
            for (int l = 0; l < lines; l++) {
                double v = block[l * length + t];
                float f = (float) v;
                if (!Float.isFinite(f)) {
                    throw notFinite(array, file, firstLine + l, t, v);
                }
                row[firstLine + l] = f;
            }
        }
    }

    /** Names the element by its index in the file: line {@code line}, position {@code at} along it. */
    private static DatasetFormatException notFinite(NdArray array, String file, int line, int at, double v) {
        int row = array.fortranOrder() ? at : line;
        int col = array.fortranOrder() ? line : at;
        String what = Double.isFinite(v) ? "= " + v + ", outside the float32 range" : "is " + v;
        return new DatasetFormatException(String.format("%s: %s[%d, %d] %s; every response must be finite",
                file, array.name(), row, col, what));
    }
}
