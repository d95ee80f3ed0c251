package io.livedecode.decoder.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import smile.tensor.DenseMatrix;
import smile.tensor.ScalarType;

/**
 * The memory-bound floor of a layer: the fastest loops that merely stream its weights the way a
 * predict (read once) and an update (read and write once) must, over a matrix of the same shape
 * and the decoder's unpadded column-major layout; on the calling thread, and on every core with each
 * thread streaming a contiguous range of columns (the machine's bandwidth, not one core's).
 */
final class MemoryFloor {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private final float[] weights;
    private final int rows;
    private final int cols;
    private final int smileLd;
    private final StreamWorkers workers;
    private final StreamWorkers.Slice readSlice = this::read;
    private final StreamWorkers.Slice readWriteSlice = (from, to) -> {
        readWrite(from, to);
        return 0f;
    };
    private float sink;

    /** A floor measured on the calling thread only. */
    MemoryFloor(int rows, int cols) {
        this(rows, cols, null);
    }

    /** A floor that can also stream with every thread of {@code workers}. */
    MemoryFloor(int rows, int cols, StreamWorkers workers) {
        this.rows = rows;
        this.cols = cols;
        // Smile's leading dimension depends on the rows only: one column tells it.
        this.smileLd = DenseMatrix.zeros(ScalarType.Float32, rows, 1).ld();
        this.workers = workers;
        // The weights as the decoder stores them: without padding between columns.
        this.weights = new float[rows * cols];
        for (int k = 0; k < weights.length; k++) {
            weights[k] = (k % 97) * 1e-3f;
        }
    }

    /** Bytes of weights one pass touches (rows x cols floats). */
    long bytes() {
        return 4L * rows * cols;
    }

    /** Bytes stock Smile stores the same matrix in, with its padding between columns. */
    long smileStoredBytes() {
        return 4L * smileLd * cols;
    }

    /** Reads every weight once on the calling thread: the bandwidth a forward product cannot beat. */
    void read() {
        sink += read(0, cols);
    }

    /** Reads and writes every weight once on the calling thread (the access pattern of an in-place update). */
    void readWrite() {
        readWrite(0, cols);
    }

    /** {@link #read()} with the columns split across every thread of the workers. */
    void readAllCores() {
        sink += workers.run(cols, readSlice);
    }

    /** {@link #readWrite()} with the columns split across every thread of the workers. */
    void readWriteAllCores() {
        workers.run(cols, readWriteSlice);
    }

    /**
     * Sums columns {@code [from, to)}, one contiguous run of floats, into four independent
     * accumulators (so the adds never wait for each other); returns a lane of the sum.
     */
    private float read(int from, int to) {
        int end = to * rows;
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        FloatVector a2 = FloatVector.zero(S);
        FloatVector a3 = FloatVector.zero(S);
        int i = from * rows;
        for (; i + 4 * L <= end; i += 4 * L) {
            a0 = a0.add(FloatVector.fromArray(S, weights, i));
            a1 = a1.add(FloatVector.fromArray(S, weights, i + L));
            a2 = a2.add(FloatVector.fromArray(S, weights, i + 2 * L));
            a3 = a3.add(FloatVector.fromArray(S, weights, i + 3 * L));
        }
        for (; i + L <= end; i += L) {
            a0 = a0.add(FloatVector.fromArray(S, weights, i));
        }
        float s = a0.add(a1).add(a2).add(a3).lane(0);
        for (; i < end; i++) {
            s += weights[i];
        }
        return s;
    }

    private void readWrite(int from, int to) {
        int i = from * rows;
        int end = to * rows;
        for (; i + L <= end; i += L) {
            FloatVector.fromArray(S, weights, i).mul(0.9999f).intoArray(weights, i);
        }
        for (; i < end; i++) {
            weights[i] *= 0.9999f;
        }
    }

    /** Keeps the JIT from discarding the read loop. */
    float checksum() {
        return sink + weights[0];
    }
}
