package io.livedecode.decoder.model;

/**
 * {@link WeightKernels} that split each large matrix pass across threads: the forward product by
 * its column blocks (each thread sums a contiguous run of blocks, see {@link WeightKernels#affine},
 * and the caller adds the blocks' sums once all are done), the updates by whole columns (each
 * thread writes one contiguous block of the matrix). Either way every thread streams one contiguous
 * stretch of the weights and every element gets exactly the single-threaded operations, so results
 * are bit-identical for any thread count. A frame's big passes (the first
 * layer's forward product and its update) stream about 19 MB at 23,589 x 200, more than one core
 * can read at the memory's speed.
 *
 * <p>Threads write no shared cache line in a forward product (each block's sums have a slice of the
 * work array of their own), and in an update only the line where one thread's columns end and the
 * next one's begin. Summing straight into the shared output vector, two threads' rows met in one
 * line that bounced between the cores on every sweep, and a split of the updates by rows would do
 * the same in every column. Splitting the forward product by
 * rows also chopped each thread's stream of the weights into short runs, which made it slower on
 * two threads than on one.
 *
 * <p>Passes under {@link #MIN_ELEMENTS} elements, forward products of a single column block, and
 * passes arriving while another thread's pass holds the workers run on the calling thread alone.
 * The standardiser and the small layers stay single-threaded.
 */
final class ParallelKernels implements WeightKernels {
    /** Below about 2 MB a pass takes under ~0.1 ms and waking a helper would cost a noticeable share. */
    static final long MIN_ELEMENTS = 1L << 19;

    private final WeightKernels inner;
    private final PassWorkers workers;
    /** Guarded by the workers' acquisition: one pending call at a time. */
    private final KernelCall call;
    private volatile int threads;

    ParallelKernels(WeightKernels inner, int threads) {
        this.inner = inner;
        this.workers = new PassWorkers();
        this.call = new KernelCall(inner);
        useThreads(threads);
    }

    /** Threads per pass from now on, the caller included (at least 1; 1 runs everything on the caller). */
    void useThreads(int count) {
        if (count < 1 || count > PassWorkers.MAX_CHUNKS) {
            throw new IllegalArgumentException("kernel threads must be 1-" + PassWorkers.MAX_CHUNKS + ", got " + count);
        }
        workers.ensureHelpers(count - 1);
        threads = count;
    }

    int threads() {
        return threads;
    }

    /** Chunks of split passes that helper threads ran, since this was created. */
    long chunksByHelpers() {
        return workers.helperChunks();
    }

    /**
     * Cuts {@code units} (column blocks or columns) into up to {@link #threads} contiguous chunks,
     * claims the workers, and returns the chunk count; 0 means run on the calling thread (nothing
     * claimed). One chunk per thread: with four, predict on two threads took 2.4x the 2-core read
     * floor instead of 1.6x in the speed benchmark.
     */
    private int split(int units, long elements) {
        int n = threads;
        if (n < 2 || units < 2 || elements < MIN_ELEMENTS) {
            return 0;
        }
        int chunks = Math.min(n, units);
        if (!workers.tryAcquire()) {
            return 0;
        }
        int[] bounds = workers.bounds();
        for (int k = 0; k < chunks; k++) {
            bounds[k] = (int) ((long) units * k / chunks);
        }
        bounds[chunks] = units;
        return chunks;
    }

    private int splitColumns(int rows, int cols) {
        return split(cols, (long) rows * cols);
    }

    /** After a split pass, also when recording or running it threw: the workers are free again. */
    private void release() {
        call.clear();
        workers.release();
    }

    @Override
    public void affine(float[] w, int ld, int rows, int cols, float[] in, float[] bias, float[] out,
                       float[] partials) {
        int blocks = WeightKernels.blocks(cols);
        int chunks = split(blocks, (long) rows * cols);
        if (chunks == 0) {
            inner.affine(w, ld, rows, cols, in, bias, out, partials);
            return;
        }
        try {
            call.affine(w, ld, rows, cols, in, bias, out, partials);
            workers.run(call, chunks);
        } finally {
            release();
        }
        WeightKernels.foldPartials(rows, blocks, out, partials);
    }

    @Override
    public void sgd(float[] w, int ld, int rows, int cols, float[] in, float[] g, float eta, float decay, float shrink) {
        int chunks = splitColumns(rows, cols);
        if (chunks == 0) {
            inner.sgdColumns(w, ld, rows, 0, cols, in, g, eta, decay, shrink);
            return;
        }
        try {
            call.sgd(w, ld, rows, in, g, eta, decay, shrink);
            workers.run(call, chunks);
        } finally {
            release();
        }
    }

    @Override
    public void momentum(float[] w, float[] u, int ld, int rows, int cols, float[] in, float[] g,
                         float eta, float mu, float decay, float shrink) {
        int chunks = splitColumns(rows, cols);
        if (chunks == 0) {
            inner.momentumColumns(w, u, ld, rows, 0, cols, in, g, eta, mu, decay, shrink);
            return;
        }
        try {
            call.momentum(w, u, ld, rows, in, g, eta, mu, decay, shrink);
            workers.run(call, chunks);
        } finally {
            release();
        }
    }

    @Override
    public void rmsProp(float[] w, float[] s, float[] u, int ld, int rows, int cols, float[] in, float[] g,
                        float eta, float rho, float eps, float mu, float decay, float shrink) {
        int chunks = splitColumns(rows, cols);
        if (chunks == 0) {
            inner.rmsPropColumns(w, s, u, ld, rows, 0, cols, in, g, eta, rho, eps, mu, decay, shrink);
            return;
        }
        try {
            call.rmsProp(w, s, u, ld, rows, in, g, eta, rho, eps, mu, decay, shrink);
            workers.run(call, chunks);
        } finally {
            release();
        }
    }

    @Override
    public void adam(float[] w, float[] m, float[] v, int ld, int rows, int cols, float[] in, float[] g,
                     float stepSize, float beta1, float beta2, float eps, float rootCorrection2, float decay,
                     float shrink) {
        int chunks = splitColumns(rows, cols);
        if (chunks == 0) {
            inner.adamColumns(w, m, v, ld, rows, 0, cols, in, g, stepSize, beta1, beta2, eps, rootCorrection2, decay,
                    shrink);
            return;
        }
        try {
            call.adam(w, m, v, ld, rows, in, g, stepSize, beta1, beta2, eps, rootCorrection2, decay, shrink);
            workers.run(call, chunks);
        } finally {
            release();
        }
    }

    @Override
    public void l1Subgradient(float[] w, int ld, int rows, int cols, float step) {
        int chunks = splitColumns(rows, cols);
        if (chunks == 0) {
            inner.l1SubgradientColumns(w, ld, rows, 0, cols, step);
            return;
        }
        try {
            call.l1(w, ld, rows, step);
            workers.run(call, chunks);
        } finally {
            release();
        }
    }

    @Override
    public void affineColumns(float[] w, int ld, int rows, int from, int to, float[] in, float[] acc, int at) {
        inner.affineColumns(w, ld, rows, from, to, in, acc, at);
    }

    @Override
    public void sgdColumns(float[] w, int ld, int rows, int from, int to, float[] in, float[] g, float eta,
                           float decay, float shrink) {
        inner.sgdColumns(w, ld, rows, from, to, in, g, eta, decay, shrink);
    }

    @Override
    public void momentumColumns(float[] w, float[] u, int ld, int rows, int from, int to, float[] in, float[] g,
                                float eta, float mu, float decay, float shrink) {
        inner.momentumColumns(w, u, ld, rows, from, to, in, g, eta, mu, decay, shrink);
    }

    @Override
    public void rmsPropColumns(float[] w, float[] s, float[] u, int ld, int rows, int from, int to, float[] in,
                               float[] g, float eta, float rho, float eps, float mu, float decay, float shrink) {
        inner.rmsPropColumns(w, s, u, ld, rows, from, to, in, g, eta, rho, eps, mu, decay, shrink);
    }

    @Override
    public void adamColumns(float[] w, float[] m, float[] v, int ld, int rows, int from, int to, float[] in,
                            float[] g, float stepSize, float beta1, float beta2, float eps, float rootCorrection2,
                            float decay, float shrink) {
        inner.adamColumns(w, m, v, ld, rows, from, to, in, g, stepSize, beta1, beta2, eps, rootCorrection2, decay,
                shrink);
    }

    @Override
    public void l1SubgradientColumns(float[] w, int ld, int rows, int from, int to, float step) {
        inner.l1SubgradientColumns(w, ld, rows, from, to, step);
    }

    @Override
    public float includeForgetting(float[] x, double[] mean, double[] m2, double[] nextMean, double[] nextM2,
                                   double invCount, double keep, double scale, float[] z, int n) {
        return inner.includeForgetting(x, mean, m2, nextMean, nextM2, invCount, keep, scale, z, n);
    }

    @Override
    public float standardize(float[] x, double[] mean, double[] m2, double invCount, double scale, float[] z, int n) {
        return inner.standardize(x, mean, m2, invCount, scale, z, n);
    }
}
