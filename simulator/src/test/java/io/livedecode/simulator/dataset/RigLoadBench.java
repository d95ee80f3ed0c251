package io.livedecode.simulator.dataset;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Times loading the same responses from a chunked, gzip-compressed NWB file and from the
 * trial-level npy, both written by {@code src/test/python/write_rig_bench.py} when the benchmark
 * starts (or kept from an earlier run in DIR), and prints each median with the ratio. Run from the
 * repository root after {@code mvn test-compile}, with the test class path in {@code cp.txt}
 * ({@code mvn -pl simulator dependency:build-classpath -Dmdep.outputFile=cp.txt}):
 * {@code java -Xmx6g --enable-native-access=ALL-UNNAMED -cp
 * "simulator/target/classes:simulator/target/test-classes:protocol/target/classes:$(cat simulator/cp.txt)"
 * io.livedecode.simulator.dataset.RigLoadBench DIR [NEURONS TRIALS REPEATS]}.
 */
public final class RigLoadBench {

    private RigLoadBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int neurons = args.length > 1 ? Integer.parseInt(args[1]) : 23_589;
        int trials = args.length > 2 ? Integer.parseInt(args[2]) : 4_598;
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        write(dir, neurons, trials);
        Path nwb = dir.resolve("bench.nwb");
        Path npy = dir.resolve("bench.npy");
        System.out.printf(Locale.ROOT, "%,d neurons x %,d trials, float32: bench.nwb %.0f MB, bench.npy %.0f MB; "
                        + "%d processors, max heap %d MB%n", neurons, trials, Files.size(nwb) / 1e6,
                Files.size(npy) / 1e6, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        RecordingOptions perTrial = new RecordingOptions(null, null, null, RecordingOptions.AngleUnits.AUTO,
                new ResponseWindow(0, 0.2), false, RecordingOptions.Trace.SPKS, false, Double.NaN);
        RecordingOptions perFrame = new RecordingOptions(null, null, null, RecordingOptions.AngleUnits.AUTO,
                ResponseWindow.DEFAULT, true, RecordingOptions.Trace.SPKS, false, Double.NaN);
        double[] npyTimes = new double[repeats];
        double[] trialTimes = new double[repeats];
        double[] frameTimes = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            // Interleaved, so that a noisy neighbour slows all three alike.
            npyTimes[r] = time(() -> Datasets.open(npy), trials, neurons);
            trialTimes[r] = time(() -> Datasets.open(nwb, perTrial), trials, neurons);
            frameTimes[r] = time(() -> Datasets.open(nwb, perFrame), trials, neurons);
            System.out.printf(Locale.ROOT, "run %d: npy %.2f s, nwb per trial %.2f s, nwb per frame %.2f s%n",
                    r, npyTimes[r], trialTimes[r], frameTimes[r]);
        }
        double npyMedian = median(npyTimes);
        System.out.printf(Locale.ROOT, "median: npy %.2f s; nwb per trial %.2f s (%.2fx npy); nwb per frame %.2f s "
                        + "(%.2fx npy)%n", npyMedian, median(trialTimes), median(trialTimes) / npyMedian,
                median(frameTimes), median(frameTimes) / npyMedian);
    }

    private interface Load {
        LoadedSession run() throws Exception;
    }

    private static double time(Load load, int trials, int neurons) throws Exception {
        System.gc();
        long start = System.nanoTime();
        LoadedSession session = load.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (session.trials() != trials || session.neurons() != neurons) {
            throw new AssertionError("loaded " + session);
        }
        return seconds;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static void write(Path dir, int neurons, int trials) throws Exception {
        // The files take a minute to write; a second run in the same folder reuses them.
        Path stamp = dir.resolve("bench.shape");
        String shape = neurons + " x " + trials + "\n";
        if (Files.exists(stamp) && Files.readString(stamp).equals(shape) && Files.exists(dir.resolve("bench.nwb"))
                && Files.exists(dir.resolve("bench.npy"))) {
            System.out.println("reusing the files in " + dir);
            return;
        }
        Files.deleteIfExists(stamp);
        Process p = new ProcessBuilder(DatasetFixtures.PYTHON, "simulator/src/test/python/write_rig_bench.py",
                Integer.toString(neurons), Integer.toString(trials), dir.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("write_rig_bench.py failed:\n" + output);
        }
        System.out.print(output);
        Files.writeString(stamp, shape);
    }
}
