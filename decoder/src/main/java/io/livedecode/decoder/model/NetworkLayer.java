package io.livedecode.decoder.model;

import java.lang.foreign.MemorySegment;
import smile.model.mlp.Layer;
import smile.tensor.DenseMatrix;
import smile.tensor.ScalarType;
import smile.tensor.Vector;

/**
 * One Smile layer (hidden or output) with the state the online decoder keeps beside it: views of
 * its weight and bias storage, optimiser buffers in the same column-major layout as the weights
 * (owned here, not in Smile's per-thread buffers, so they survive a change of calling thread and
 * go into snapshots), work vectors, and an upper bound on the magnitude of its parameters used
 * to refuse diverging updates before they touch anything.
 */
final class NetworkLayer {
    final Layer smile;
    final int rows;
    final int cols;
    final int ld;
    final float[] weight;
    final float[] bias;
    /** Momentum buffers, or Adam's running means of the gradient; null without either. */
    final float[] weightVelocity;
    final float[] biasVelocity;
    /** RMSProp's or Adam's running mean squares of the gradient; null without either. */
    final float[] weightSquare;
    final float[] biasSquare;
    /** Running averages of the weights and biases (what decoding uses), null without averaging. */
    final float[] averageWeight;
    final float[] averageBias;
    /** RMSPROP_FACTORED: running mean squares per row and per column, null otherwise. */
    final float[] rowSquare;
    final float[] colSquare;
    /** RMSPROP_FACTORED: this step's candidate mean squares and its normalised error and input. */
    final float[] rowNext;
    final float[] colNext;
    final float[] scaledDelta;
    final float[] scaledIn;
    /** RMSPROP_FACTORED: largest |step| / learning rate of this step's weight update. */
    double normalisedMax;
    /** Activations of the current pass, before dropout. */
    final float[] act;
    /** Work array of the forward product's column blocks past the first. */
    final float[] partials;
    /** Activations after dropout (the same array as {@link #act} when there is none). */
    final float[] kept;
    /** Per-unit dropout factor of the current training pass: 0 or 1 / (1 - p). */
    final float[] mask;
    /** Back-propagated error of the current training pass. */
    final float[] delta;
    final Vector actView;
    final Vector deltaView;
    /** Upper bound on |weight|, |bias| (and |velocity| for {@link #velocityBound}). */
    double parameterBound;
    double velocityBound;

    /**
     * @param firstMoment  keep a velocity buffer (momentum, or Adam's mean gradient)
     * @param secondMoment keep a mean-square buffer (RMSProp, Adam)
     * @param factored     keep mean squares per row and per column (and per bias)
     * @param averaged     keep running averages of the weights and biases
     */
    NetworkLayer(Layer smile, boolean firstMoment, boolean secondMoment, boolean factored, boolean averaged,
                 boolean dropout) {
        this.smile = smile;
        DenseMatrix w = smile.weight();
        this.rows = w.nrow();
        this.cols = w.ncol();
        this.ld = w.ld();
        this.weight = heapFloats(w, (long) ld * cols, "weight");
        this.bias = heapFloats(smile.bias(), rows, "bias");
        this.weightVelocity = firstMoment ? new float[ld * cols] : null;
        this.biasVelocity = firstMoment ? new float[rows] : null;
        this.weightSquare = secondMoment ? new float[ld * cols] : null;
        this.biasSquare = secondMoment || factored ? new float[rows] : null;
        this.averageWeight = averaged ? new float[ld * cols] : null;
        this.averageBias = averaged ? new float[rows] : null;
        this.rowSquare = factored ? new float[rows] : null;
        this.colSquare = factored ? new float[cols] : null;
        this.rowNext = factored ? new float[rows] : null;
        this.colNext = factored ? new float[cols] : null;
        this.scaledDelta = factored ? new float[rows] : null;
        this.scaledIn = factored ? new float[cols] : null;
        this.act = new float[rows];
        this.partials = new float[WeightKernels.partialsLength(rows, cols)];
        this.kept = dropout ? new float[rows] : act;
        this.mask = dropout ? new float[rows] : null;
        this.delta = new float[rows];
        this.actView = Vector.column(act);
        this.deltaView = Vector.column(delta);
    }

    /**
     * The float array behind a Smile matrix. Smile keeps Float32 matrices in a heap array wrapped
     * by a memory segment; anything else means the storage changed and the kernels would be wrong.
     */
    private static float[] heapFloats(DenseMatrix m, long elements, String what) {
        if (m.scalarType() != ScalarType.Float32) {
            throw new IllegalStateException(what + " matrix is " + m.scalarType() + ", expected Float32");
        }
        MemorySegment segment = m.memory();
        Object base = segment.heapBase().orElseThrow(
                () -> new IllegalStateException(what + " matrix is not backed by a heap array"));
        if (!(base instanceof float[] array) || segment.address() != 0 || array.length < elements) {
            throw new IllegalStateException(String.format(
                    "%s matrix storage is not a float[] of at least %d elements starting at 0 (base %s, offset %d)",
                    what, elements, base.getClass().getSimpleName(), segment.address()));
        }
        return array;
    }

    /**
     * Fills weights with Smile's Glorot-uniform range and zeroes biases: element (i, j) takes draw
     * {@code first + j * rows + i} of the generator started at {@code state}, the value a sequential
     * generator gives filling the layers in order, column by column (so seeds and snapshots of
     * earlier builds stay valid).
     *
     * @return the index of the first draw of the next layer
     */
    long initialise(long state, long first) {
        double r = Math.sqrt(6.0 / (rows + cols));
        float m = 0f;
        for (int j = 0; j < cols; j++) {
            int base = j * ld;
            long column = first + (long) j * rows;
            for (int i = 0; i < rows; i++) {
                float w = (float) (r * (2 * SplitMix64.draw(state, column + i) - 1));
                weight[base + i] = w;
                m = Math.max(m, Math.abs(w));
            }
        }
        java.util.Arrays.fill(bias, 0, rows, 0f);
        if (averageWeight != null) {
            System.arraycopy(weight, 0, averageWeight, 0, weight.length);
            System.arraycopy(bias, 0, averageBias, 0, rows);
        }
        // The biases are zero, so the largest |weight| is maxAbs(weight, bias), without a second pass.
        parameterBound = m;
        velocityBound = 0;
        return first + (long) rows * cols;
    }

    /** Recomputes the exact bounds from the parameters (deterministic: a function of the state). */
    void refreshBounds() {
        parameterBound = maxAbs(weight, bias);
        velocityBound = weightVelocity == null ? 0 : maxAbs(weightVelocity, biasVelocity);
    }

    private double maxAbs(float[] w, float[] b) {
        float m = 0f;
        for (int j = 0; j < cols; j++) {
            int base = j * ld;
            for (int i = 0; i < rows; i++) {
                m = Math.max(m, Math.abs(w[base + i]));
            }
        }
        for (int i = 0; i < rows; i++) {
            m = Math.max(m, Math.abs(b[i]));
        }
        return m;
    }

    /**
     * RMSPROP_FACTORED: the candidate mean squares after this step's error {@code delta} on input
     * {@code in}, and the normalised error and input whose outer product is the step per unit rate.
     * Nothing of the state changes until {@link #commitFactors}.
     */
    void normalise(float[] in, double rho, double eps) {
        double g2 = 0;
        for (int i = 0; i < rows; i++) {
            g2 += (double) delta[i] * delta[i];
        }
        double x2 = 0;
        for (int j = 0; j < cols; j++) {
            x2 += (double) in[j] * in[j];
        }
        double meanG2 = g2 / rows;
        double meanX2 = x2 / cols;
        double sumR = 0;
        for (int i = 0; i < rows; i++) {
            float r = (float) (rho * rowSquare[i] + (1 - rho) * ((double) delta[i] * delta[i]) * meanX2);
            rowNext[i] = r < WeightKernels.TINY ? 0f : r;
            sumR += rowNext[i];
        }
        // V(i, j) = r_i c_j / mean(r) estimates the mean square of g_i x_j; its root splits into factors.
        double rootMeanR = Math.sqrt(sumR / rows);
        float gMax = 0f;
        for (int i = 0; i < rows; i++) {
            scaledDelta[i] = (float) (delta[i] * rootMeanR / Math.sqrt(rowNext[i] + eps));
            gMax = Math.max(gMax, Math.abs(scaledDelta[i]));
        }
        float xMax = 0f;
        for (int j = 0; j < cols; j++) {
            float c = (float) (rho * colSquare[j] + (1 - rho) * ((double) in[j] * in[j]) * meanG2);
            colNext[j] = c < WeightKernels.TINY ? 0f : c;
            scaledIn[j] = (float) (in[j] / Math.sqrt(colNext[j] + eps));
            xMax = Math.max(xMax, Math.abs(scaledIn[j]));
        }
        normalisedMax = (double) gMax * xMax;
    }

    /** Keeps the mean squares {@link #normalise} computed (the step was applied). */
    void commitFactors() {
        System.arraycopy(rowNext, 0, rowSquare, 0, rows);
        System.arraycopy(colNext, 0, colSquare, 0, cols);
    }

    /** Moves every averaged weight and bias {@code alpha} of the way to the trained one. */
    void average(float alpha) {
        for (int j = 0; j < cols; j++) {
            int base = j * ld;
            for (int i = 0; i < rows; i++) {
                int k = base + i;
                averageWeight[k] += alpha * (weight[k] - averageWeight[k]);
            }
        }
        for (int i = 0; i < rows; i++) {
            averageBias[i] += alpha * (bias[i] - averageBias[i]);
        }
    }

    /** Number of weights that are exactly zero. */
    long zeroWeights() {
        long zeros = 0;
        for (int j = 0; j < cols; j++) {
            int base = j * ld;
            for (int i = 0; i < rows; i++) {
                if (weight[base + i] == 0f) {
                    zeros++;
                }
            }
        }
        return zeros;
    }

    void write(SnapshotOutput out) {
        out.writeInt(rows);
        out.writeInt(cols);
        writeMatrix(out, weight);
        out.writeFloats(bias, 0, rows);
        if (weightVelocity != null) {
            writeMatrix(out, weightVelocity);
            out.writeFloats(biasVelocity, 0, rows);
        }
        if (weightSquare != null) {
            writeMatrix(out, weightSquare);
            out.writeFloats(biasSquare, 0, rows);
        }
        if (averageWeight != null) {
            writeMatrix(out, averageWeight);
            out.writeFloats(averageBias, 0, rows);
        }
        if (rowSquare != null) {
            out.writeFloats(rowSquare, 0, rows);
            out.writeFloats(colSquare, 0, cols);
            out.writeFloats(biasSquare, 0, rows);
        }
        out.writeDouble(parameterBound);
        out.writeDouble(velocityBound);
    }

    void read(SnapshotInput in) {
        int r = in.readInt();
        int c = in.readInt();
        if (r != rows || c != cols) {
            throw new InvalidSnapshotException(String.format(
                    "layer shape in snapshot is %d x %d, the configuration builds %d x %d", r, c, rows, cols));
        }
        readMatrix(in, weight);
        in.readFloats(bias, 0, rows);
        if (weightVelocity != null) {
            readMatrix(in, weightVelocity);
            in.readFloats(biasVelocity, 0, rows);
        }
        if (weightSquare != null) {
            readMatrix(in, weightSquare);
            in.readFloats(biasSquare, 0, rows);
        }
        if (averageWeight != null) {
            readMatrix(in, averageWeight);
            in.readFloats(averageBias, 0, rows);
        }
        if (rowSquare != null) {
            in.readFloats(rowSquare, 0, rows);
            in.readFloats(colSquare, 0, cols);
            in.readFloats(biasSquare, 0, rows);
        }
        parameterBound = in.readDouble();
        velocityBound = in.readDouble();
    }

    /** Writes the {@code rows x cols} elements column by column, without Smile's padding. */
    private void writeMatrix(SnapshotOutput out, float[] m) {
        for (int j = 0; j < cols; j++) {
            out.writeFloats(m, j * ld, rows);
        }
    }

    private void readMatrix(SnapshotInput in, float[] m) {
        for (int j = 0; j < cols; j++) {
            in.readFloats(m, j * ld, rows);
        }
    }
}
