package io.livedecode.decoder.model;

/**
 * One pending kernel call of {@link ParallelKernels}, kept as fields so that handing it to the
 * {@link PassWorkers} allocates nothing: each setter records a call, {@link #run} runs one chunk of
 * it (column blocks of the forward product, columns of an update) on the wrapped kernels,
 * {@link #clear} drops the array references once the call is done (so a finished model's arrays
 * are not kept alive here).
 */
final class KernelCall implements PassWorkers.ChunkTask {
    private enum Kind { AFFINE, SGD, MOMENTUM, RMSPROP, ADAM, L1 }

    private final WeightKernels kernels;
    private Kind kind;
    private float[] w;
    private float[] first;
    private float[] second;
    private float[] in;
    private float[] vector;
    private float[] out;
    private float[] partials;
    private int ld;
    private int rows;
    private int cols;
    private float a;
    private float b;
    private float c;
    private float d;
    private float e;
    private float decay;
    private float shrink;

    KernelCall(WeightKernels kernels) {
        this.kernels = kernels;
    }

    void affine(float[] w, int ld, int rows, int cols, float[] in, float[] bias, float[] out, float[] partials) {
        set(Kind.AFFINE, w, null, null, ld, rows, in, bias);
        this.cols = cols;
        this.out = out;
        this.partials = partials;
    }

    void sgd(float[] w, int ld, int rows, float[] in, float[] g, float eta, float decay, float shrink) {
        set(Kind.SGD, w, null, null, ld, rows, in, g);
        scalars(eta, 0, 0, 0, 0, decay, shrink);
    }

    void momentum(float[] w, float[] u, int ld, int rows, float[] in, float[] g, float eta, float mu, float decay,
                  float shrink) {
        set(Kind.MOMENTUM, w, u, null, ld, rows, in, g);
        scalars(eta, mu, 0, 0, 0, decay, shrink);
    }

    void rmsProp(float[] w, float[] s, float[] u, int ld, int rows, float[] in, float[] g, float eta, float rho,
                 float eps, float mu, float decay, float shrink) {
        set(Kind.RMSPROP, w, s, u, ld, rows, in, g);
        scalars(eta, rho, eps, mu, 0, decay, shrink);
    }

    void adam(float[] w, float[] m, float[] v, int ld, int rows, float[] in, float[] g, float stepSize, float beta1,
              float beta2, float eps, float rootCorrection2, float decay, float shrink) {
        set(Kind.ADAM, w, m, v, ld, rows, in, g);
        scalars(stepSize, beta1, beta2, eps, rootCorrection2, decay, shrink);
    }

    void l1(float[] w, int ld, int rows, float step) {
        set(Kind.L1, w, null, null, ld, rows, null, null);
        scalars(step, 0, 0, 0, 0, 1, 0);
    }

    private void set(Kind kind, float[] w, float[] first, float[] second, int ld, int rows, float[] in, float[] vector) {
        this.kind = kind;
        this.w = w;
        this.first = first;
        this.second = second;
        this.ld = ld;
        this.rows = rows;
        this.in = in;
        this.vector = vector;
    }

    private void scalars(float a, float b, float c, float d, float e, float decay, float shrink) {
        this.a = a;
        this.b = b;
        this.c = c;
        this.d = d;
        this.e = e;
        this.decay = decay;
        this.shrink = shrink;
    }

    @Override
    public void run(int chunk, int from, int to) {
        switch (kind) {
            case AFFINE -> kernels.affineBlocks(w, ld, rows, cols, from, to, in, vector, out, partials);
            case SGD -> kernels.sgdColumns(w, ld, rows, from, to, in, vector, a, decay, shrink);
            case MOMENTUM -> kernels.momentumColumns(w, first, ld, rows, from, to, in, vector, a, b, decay, shrink);
            case RMSPROP -> kernels.rmsPropColumns(w, first, second, ld, rows, from, to, in, vector, a, b, c, d, decay,
                    shrink);
            case ADAM -> kernels.adamColumns(w, first, second, ld, rows, from, to, in, vector, a, b, c, d, e, decay,
                    shrink);
            case L1 -> kernels.l1SubgradientColumns(w, ld, rows, from, to, a);
        }
    }

    void clear() {
        set(null, null, null, null, 0, 0, null, null);
        cols = 0;
        out = null;
        partials = null;
    }
}
