package io.livedecode.decoder.model;

import java.lang.reflect.Constructor;
import smile.linalg.Diag;
import smile.linalg.UPLO;
import smile.tensor.DenseMatrix;
import smile.tensor.ScalarType;

/**
 * Float32 Smile matrices stored without padding between columns (leading dimension = rows).
 *
 * <p>Smile pads every column of more than 64 floats to a multiple of 512 bytes plus 64 (a
 * 200-row column: 800 bytes of weights in 1,088), which keeps BLAS kernels off cache-set
 * conflicts. The forward product and the updates stream the whole matrix once per frame instead,
 * and the hardware fetches the padding with the weights: at 23,589 x 200 that is 25.7 MB read for
 * 18.9 MB of weights, and predict took 1.5-1.7x as long as on unpadded storage. Smile has no public
 * factory for an unpadded matrix, so this calls its Float32 matrix's constructor reflectively; if a
 * Smile version lacks it, matrices come padded as before (same results, slower).
 */
final class CompactMatrices {
    private static final Constructor<?> FLOAT32 = find();

    private CompactMatrices() {
    }

    private static Constructor<?> find() {
        try {
            Constructor<?> c = Class.forName("smile.tensor.DenseMatrix32")
                    .getDeclaredConstructor(float[].class, int.class, int.class, int.class, UPLO.class, Diag.class);
            c.setAccessible(true);
            return c;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Whether {@link #zeros} gives unpadded storage in this JVM. */
    static boolean available() {
        return FLOAT32 != null;
    }

    /** A {@code rows x cols} Float32 matrix of zeros, unpadded where {@link #available}. */
    static DenseMatrix zeros(int rows, int cols) {
        if (FLOAT32 != null) {
            float[] storage = new float[Math.multiplyExact(rows, cols)];
            try {
                DenseMatrix m = (DenseMatrix) FLOAT32.newInstance(storage, rows, cols, rows, null, null);
                // A Smile that gave these arguments another meaning gets its own allocation instead.
                if (m.nrow() == rows && m.ncol() == cols && m.ld() == rows) {
                    return m;
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // Fall through to Smile's own (padded) allocation.
            }
        }
        return DenseMatrix.zeros(ScalarType.Float32, rows, cols);
    }
}
