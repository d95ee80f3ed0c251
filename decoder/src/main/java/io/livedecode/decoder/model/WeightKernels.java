package io.livedecode.decoder.model;

/**
 * The loops over whole weight matrices and input vectors: standardisation, the forward product
 * and the fused weight updates.
 *
 * <p>Matrices are Smile's column-major float storage: element (i, j) at {@code j * ld + i}. Every
 * loop runs down a column with a scalar taken from the input vector, so the inner loop has no
 * reduction and each output sums in input order. The update folds the gradient step, momentum or
 * RMSProp, Smile's weight decay and the L1 proximal step into one pass, where Smile makes a pass
 * per operation; each weight is read and written once.
 *
 * <p>Every implementation performs the same IEEE float operations on every element in the same
 * order (no fused multiply-add, no reassociation), so results are bit-identical whichever
 * implementation or SIMD width runs them: a model restored on another machine continues exactly.
 * The forward product sums fixed blocks of columns separately and then adds the blocks' sums in
 * order (see {@link #affine}), and each updated element depends only on its own state, its row's
 * error and its column's input, so the forward product run as {@link #affineBlocks} over disjoint
 * block ranges, or an update run as its {@code ...Columns} form over disjoint column ranges, on any
 * threads, gives the bits of the whole call.
 *
 * <p>Sign convention (Smile's): {@code g} is the back-propagated error {@code target - output},
 * so a step adds {@code eta * g * x}. {@code decay == 1} skips the decay multiply and
 * {@code shrink == 0} skips the soft threshold {@code v < 0 ? min(v + shrink, 0) : max(v - shrink, 0)};
 * every stored value below {@link #TINY} in magnitude is flushed to 0.
 */
interface WeightKernels {

    /**
     * Stored weights, velocities and mean squares smaller than this become exactly 0 (see
     * {@link ScalarKernels#flush}): far below anything that changes a prediction, far above the
     * subnormal range.
     */
    float TINY = 1e-30f;

    /**
     * Forward products sum their inputs in blocks of at most this many columns (see {@link #affine});
     * a layer this narrow or narrower sums in one block, in plain input order.
     */
    int BLOCK_COLUMNS = 2048;

    /** Column blocks of a forward product over {@code cols} inputs (at least 1). */
    static int blocks(int cols) {
        return Math.max(1, (cols + BLOCK_COLUMNS - 1) / BLOCK_COLUMNS);
    }

    /** First column of block {@code b} of {@code blocks} over {@code cols} inputs ({@code b == blocks} gives {@code cols}). */
    static int blockStart(int cols, int blocks, int b) {
        return (int) ((long) cols * b / blocks);
    }

    /**
     * Floats between the partial sums of consecutive blocks: whole 64-byte lines plus one spare, so
     * blocks summed on different threads never write the same cache line.
     */
    static int partialStride(int rows) {
        return (rows + 15) / 16 * 16 + 16;
    }

    /**
     * Where block {@code b >= 1}'s sums start in the work array: one spare line in, so the first
     * slice shares no cache line with whatever precedes the array (the output block 0 writes).
     */
    static int partialsAt(int rows, int b) {
        return 16 + (b - 1) * partialStride(rows);
    }

    /** Length of the {@code partials} work array {@link #affine} needs for this shape (0 for one block). */
    static int partialsLength(int rows, int cols) {
        int blocks = blocks(cols);
        return blocks == 1 ? 0 : partialsAt(rows, blocks);
    }

    /**
     * {@code out[i] = bias[i] + sum_j w(i, j) in[j]} for {@code i < rows}, in a fixed order that
     * depends on {@code cols} only: the columns are cut into {@link #blocks} contiguous blocks; block
     * 0 sums onto the bias in {@code out}, every later block from 0 into its own slice of
     * {@code partials}, each in column order; then {@code out} adds the later blocks' sums in block
     * order. So blocks can be summed on different threads and still give the bits of one thread.
     *
     * @param partials work array of at least {@link #partialsLength} floats
     */
    default void affine(float[] w, int ld, int rows, int cols, float[] in, float[] bias, float[] out, float[] partials) {
        int blocks = blocks(cols);
        affineBlocks(w, ld, rows, cols, 0, blocks, in, bias, out, partials);
        foldPartials(rows, blocks, out, partials);
    }

    /** Blocks {@code from <= b < to} of {@link #affine}, without the final fold. */
    default void affineBlocks(float[] w, int ld, int rows, int cols, int from, int to, float[] in, float[] bias,
                              float[] out, float[] partials) {
        int blocks = blocks(cols);
        for (int b = from; b < to; b++) {
            int start = blockStart(cols, blocks, b);
            int end = blockStart(cols, blocks, b + 1);
            if (b == 0) {
                System.arraycopy(bias, 0, out, 0, rows);
                affineColumns(w, ld, rows, start, end, in, out, 0);
            } else {
                int at = partialsAt(rows, b);
                java.util.Arrays.fill(partials, at, at + rows, 0f);
                affineColumns(w, ld, rows, start, end, in, partials, at);
            }
        }
    }

    /** The end of {@link #affine}: {@code out} adds the sums of blocks 1, 2, ... in that order. */
    static void foldPartials(int rows, int blocks, float[] out, float[] partials) {
        for (int b = 1; b < blocks; b++) {
            int at = partialsAt(rows, b);
            for (int i = 0; i < rows; i++) {
                out[i] = out[i] + partials[at + i];
            }
        }
    }

    /**
     * {@code acc[at + i] += sum_j w(i, j) in[j]} for {@code i < rows} and columns
     * {@code from <= j < to}, added one column at a time in column order.
     */
    void affineColumns(float[] w, int ld, int rows, int from, int to, float[] in, float[] acc, int at);

    /** Plain SGD: {@code w = prox(decay * (w + (eta * x) * g))}. */
    default void sgd(float[] w, int ld, int rows, int cols, float[] in, float[] g, float eta, float decay, float shrink) {
        sgdColumns(w, ld, rows, 0, cols, in, g, eta, decay, shrink);
    }

    /** {@link #sgd} for columns {@code from <= j < to} only. */
    void sgdColumns(float[] w, int ld, int rows, int from, int to, float[] in, float[] g, float eta, float decay,
                 float shrink);

    /** Momentum (Smile's form): {@code u = mu * u + (eta * x) * g; w = prox(decay * (w + u))}. */
    default void momentum(float[] w, float[] u, int ld, int rows, int cols, float[] in, float[] g,
                          float eta, float mu, float decay, float shrink) {
        momentumColumns(w, u, ld, rows, 0, cols, in, g, eta, mu, decay, shrink);
    }

    /** {@link #momentum} for columns {@code from <= j < to} only. */
    void momentumColumns(float[] w, float[] u, int ld, int rows, int from, int to, float[] in, float[] g,
                      float eta, float mu, float decay, float shrink);

    /**
     * RMSProp (Smile's form, applied per sample): {@code G = g * x; s = rho * s + ((1 - rho) * G) * G;
     * step = (eta * G) / sqrt(s + eps)}; with momentum when {@code u != null}
     * ({@code u = mu * u + step; step = u}); then {@code w = prox(decay * (w + step))}.
     */
    default void rmsProp(float[] w, float[] s, float[] u, int ld, int rows, int cols, float[] in, float[] g,
                         float eta, float rho, float eps, float mu, float decay, float shrink) {
        rmsPropColumns(w, s, u, ld, rows, 0, cols, in, g, eta, rho, eps, mu, decay, shrink);
    }

    /** {@link #rmsProp} for columns {@code from <= j < to} only. */
    void rmsPropColumns(float[] w, float[] s, float[] u, int ld, int rows, int from, int to, float[] in, float[] g,
                     float eta, float rho, float eps, float mu, float decay, float shrink);

    /**
     * Adam (PyTorch's form, applied per sample): {@code G = g * x; m = beta1 * m + (1 - beta1) * G;
     * v = beta2 * v + ((1 - beta2) * G) * G; step = (stepSize * m) / (sqrt(v) / rootCorrection2 + eps)};
     * then {@code w = prox(decay * (w + step))}. The caller folds the bias corrections in:
     * {@code stepSize = eta / (1 - beta1^t)} and {@code rootCorrection2 = sqrt(1 - beta2^t)}.
     */
    default void adam(float[] w, float[] m, float[] v, int ld, int rows, int cols, float[] in, float[] g,
                      float stepSize, float beta1, float beta2, float eps, float rootCorrection2, float decay,
                      float shrink) {
        adamColumns(w, m, v, ld, rows, 0, cols, in, g, stepSize, beta1, beta2, eps, rootCorrection2, decay, shrink);
    }

    /** {@link #adam} for columns {@code from <= j < to} only. */
    void adamColumns(float[] w, float[] m, float[] v, int ld, int rows, int from, int to, float[] in, float[] g,
                  float stepSize, float beta1, float beta2, float eps, float rootCorrection2, float decay, float shrink);

    /**
     * The subgradient of an L1 penalty: {@code w -= step * sign(w)} (sign 0 at 0), every stored value
     * below {@link #TINY} flushed to 0.
     */
    default void l1Subgradient(float[] w, int ld, int rows, int cols, float step) {
        l1SubgradientColumns(w, ld, rows, 0, cols, step);
    }

    /** {@link #l1Subgradient} for columns {@code from <= j < to} only. */
    void l1SubgradientColumns(float[] w, int ld, int rows, int from, int to, float step);

    /**
     * {@link #include} for a standardiser that forgets: the new sum of squared deviations is
     * {@code keep * m2 + delta * (x - mean')}, so with {@code invCount = 1 - keep} the variance is an
     * exponentially weighted one.
     */
    float includeForgetting(float[] x, double[] mean, double[] m2, double[] nextMean, double[] nextM2, double invCount,
                            double keep, double scale, float[] z, int n);

    /**
     * Welford step with frame {@code x} into {@code nextMean, nextM2} (count becomes
     * {@code 1 / invCount}), then {@code z = (x - mean') * (scale / sqrt(m2' * invCount))}, or 0
     * where that variance is 0.
     *
     * Multiplying {@code m2} by a {@code keep} of exactly 1 changes no bit, so this is the forgetting
     * form's kernel.
     *
     * @return the largest |z|, or NaN if {@code x} holds a non-finite value
     */
    default float include(float[] x, double[] mean, double[] m2, double[] nextMean, double[] nextM2, double invCount,
                          double scale, float[] z, int n) {
        return includeForgetting(x, mean, m2, nextMean, nextM2, invCount, 1.0, scale, z, n);
    }

    /**
     * {@code z = (x - mean) * (scale / sqrt(m2 * invCount))}, or 0 where that variance is 0.
     *
     * @return the largest |z|, or NaN if {@code x} holds a non-finite value
     */
    float standardize(float[] x, double[] mean, double[] m2, double invCount, double scale, float[] z, int n);

    /** {@code out[j] = sum_i w(i, j) g[i]}: the error passed down to the layer below (small matrices only). */
    static void transposeTimes(float[] w, int ld, int rows, int cols, float[] g, float[] out) {
        for (int j = 0; j < cols; j++) {
            int base = j * ld;
            float s = 0f;
            for (int i = 0; i < rows; i++) {
                s += w[base + i] * g[i];
            }
            out[j] = s;
        }
    }

    /**
     * The SIMD implementation when the JVM runs with {@code --add-modules jdk.incubator.vector},
     * else the scalar one (same results, several times slower on large layers), with large passes
     * split across {@link KernelThreads} threads (the forward product by column blocks, updates by
     * columns; same results again).
     */
    static WeightKernels best() {
        return KernelSelection.BEST;
    }

    /** The scalar implementation (reference for tests and the fallback). */
    static WeightKernels scalar() {
        return ScalarKernels.INSTANCE;
    }
}
