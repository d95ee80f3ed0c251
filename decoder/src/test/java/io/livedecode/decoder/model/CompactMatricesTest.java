package io.livedecode.decoder.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import smile.tensor.DenseMatrix;
import smile.tensor.ScalarType;
import smile.tensor.Vector;

/** Hidden layers are stored without Smile's column padding, in matrices Smile itself still reads and writes correctly. */
class CompactMatricesTest {

    @Test
    void aWideHiddenLayerIsStoredUnpadded() {
        assertTrue(CompactMatrices.available(), "Smile's Float32 matrix constructor was not found");
        assertTrue(DenseMatrix.zeros(ScalarType.Float32, 200, 3_000).ld() > 200, "Smile pads a 200-row column");
        NetworkLayer layer = new NetworkLayer(new AllocatedHiddenLayer(200, 3_000, 0, smile.model.mlp.ActivationFunction.rectifier()),
                true, true, false, false, false);
        assertEquals(200, layer.ld);
        assertEquals(200 * 3_000, layer.weight.length);
        assertEquals(layer.weight.length, layer.weightVelocity.length);
        assertEquals(layer.weight.length, layer.weightSquare.length);
    }

    @Test
    void smileReadsWritesAndMultipliesTheUnpaddedMatrix() {
        int rows = 203;
        int cols = 57;
        DenseMatrix m = CompactMatrices.zeros(rows, cols);
        assertEquals(rows, m.nrow());
        assertEquals(cols, m.ncol());
        assertEquals(rows, m.ld());
        MemorySegment segment = m.memory();
        float[] array = (float[]) segment.heapBase().orElseThrow();
        assertEquals(rows * cols, array.length);
        SplittableRandom r = new SplittableRandom(3);
        float[] x = new float[cols];
        for (int j = 0; j < cols; j++) {
            x[j] = (float) r.nextGaussian();
            for (int i = 0; i < rows; i++) {
                m.set(i, j, r.nextGaussian());
            }
        }
        assertEquals((float) m.get(17, 41), array[41 * rows + 17]);
        // Smile's own matrix-vector product over the same storage, against the sum written out.
        Vector y = Vector.zeros(ScalarType.Float32, rows);
        m.mv(Vector.column(x), y);
        for (int i = 0; i < rows; i++) {
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += (double) array[j * rows + i] * x[j];
            }
            assertEquals(sum, y.get(i), 1e-4 * (1 + Math.abs(sum)), "row " + i);
        }
    }
}
