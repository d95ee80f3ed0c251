package io.livedecode.decoder.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The all-core floor's workers cover every column exactly once per pass and sum their parts. */
class StreamWorkersTest {

    @Test
    void everyColumnIsStreamedOncePerPassWhateverTheThreadCount() {
        for (int threads : new int[] {1, 2, 3}) {
            try (StreamWorkers workers = new StreamWorkers(threads)) {
                for (int columns : new int[] {1, 2, 7, 1000}) {
                    int[] visits = new int[columns];
                    for (int pass = 0; pass < 50; pass++) {
                        float parts = workers.run(columns, (from, to) -> {
                            for (int j = from; j < to; j++) {
                                visits[j]++;
                            }
                            return to - from;
                        });
                        assertEquals(columns, parts, threads + " threads, " + columns + " columns");
                    }
                    int[] expected = new int[columns];
                    Arrays.fill(expected, 50);
                    assertArrayEquals(expected, visits, threads + " threads, " + columns + " columns");
                }
            }
        }
    }
}
