package io.livedecode.decoder.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import smile.tensor.DenseMatrix;
import smile.tensor.ScalarType;

/**
 * The memory-bound floor of a layer: the fastest loops that merely stream its weights the way a
 * predict (read once) and an update (read and write once) must, over a matrix of the same shape
 * and Smile's padded column-major layout.
 */
final class MemoryFloor {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private final float[] weights;
    private final float[] sink;
    private final int rows;
    private final int cols;
    private final int ld;

    MemoryFloor(int rows, int cols) {
        DenseMatrix m = DenseMatrix.zeros(ScalarType.Float32, rows, cols);
        this.rows = rows;
        this.cols = cols;
        this.ld = m.ld();
        this.weights = new float[ld * cols];
        this.sink = new float[rows];
        for (int k = 0; k < weights.length; k++) {
            weights[k] = (k % 97) * 1e-3f;
        }
    }

    /** Bytes of weights one pass touches (rows x cols floats). */
    long bytes() {
        return 4L * rows * cols;
    }

    /** Bytes of the padded storage. */
    long storedBytes() {
        return 4L * ld * cols;
    }

    /**
     * Reads every weight once, column by column, into register accumulators: the bandwidth a
     * forward product cannot beat.
     */
    void read() {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        FloatVector a2 = FloatVector.zero(S);
        int l = S.length();
        int bound = S.loopBound(rows);
        VectorMask<Float> tail = S.indexInRange(bound, rows);
        for (int j = 0; j < cols; j++) {
            int base = j * ld;
            int i = 0;
            for (; i + 2 * l <= bound; i += 2 * l) {
                a0 = a0.add(FloatVector.fromArray(S, weights, base + i));
                a1 = a1.add(FloatVector.fromArray(S, weights, base + i + l));
            }
            if (i < bound) {
                a0 = a0.add(FloatVector.fromArray(S, weights, base + i));
            }
            if (bound < rows) {
                a2 = a2.add(FloatVector.fromArray(S, weights, base + bound, tail));
            }
        }
        a0.add(a1).add(a2).intoArray(sink, 0, S.indexInRange(0, sink.length));
    }

    /** Reads and writes every weight once (the access pattern of an in-place update). */
    void readWrite() {
        int l = S.length();
        int bound = S.loopBound(rows);
        VectorMask<Float> tail = S.indexInRange(bound, rows);
        for (int j = 0; j < cols; j++) {
            int base = j * ld;
            for (int i = 0; i < bound; i += l) {
                FloatVector.fromArray(S, weights, base + i).mul(0.9999f).intoArray(weights, base + i);
            }
            if (bound < rows) {
                FloatVector.fromArray(S, weights, base + bound, tail).mul(0.9999f).intoArray(weights, base + bound, tail);
            }
        }
    }

    /** Keeps the JIT from discarding the read loop. */
    float checksum() {
        float s = 0;
        for (float v : sink) {
            s += v;
        }
        return s + weights[0];
    }
}
