package io.livedecode.simulator.dataset;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Measures how long {@link Datasets#open} takes on a file and the peak heap it needs.
 * Run: {@code java -Xmx1g -cp simulator/target/classes:simulator/target/test-classes
 * io.livedecode.simulator.dataset.DatasetLoadBench FILE [REPEATS]}; compare with
 * {@code src/test/python/bench_numpy_load.py FILE}, which times numpy on the same file.
 */
public final class DatasetLoadBench {

    private DatasetLoadBench() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.printf(Locale.ROOT, "file %s, %.1f MB, max heap %d MB%n", file, Files.size(file) / 1e6,
                Runtime.getRuntime().maxMemory() >> 20);
        for (int r = 0; r < repeats; r++) {
            System.gc();
            long baseline = usedHeap();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            long start = System.nanoTime();
            LoadedSession session = Datasets.open(file);
            double seconds = (System.nanoTime() - start) / 1e9;
            long peak = peakHeap();
            System.gc();
            long retained = usedHeap() - baseline;
            System.out.printf(Locale.ROOT,
                    "run %d: %d trials x %d neurons in %.2f s; peak heap %.0f MB (sum of pool peaks), "
                            + "retained %.0f MB; times from %s%n",
                    r, session.trials(), session.neurons(), seconds, peak / 1e6, retained / 1e6, session.timing());
        }
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Upper bound of the peak: pools peak at different moments, so their sum can only overstate it. */
    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
