package io.livedecode.decoder.bench;

import io.livedecode.decoder.config.VariantCatalog;
import io.livedecode.decoder.model.CapturedSnapshot;
import io.livedecode.decoder.model.DecoderConfig;
import io.livedecode.decoder.model.OnlineDecoder;
import io.livedecode.decoder.model.SnapshotStaging;
import io.livedecode.decoder.model.StepResult;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import smile.model.mlp.ActivationFunction;
import smile.model.mlp.HiddenLayer;

/**
 * Time to create the default variants' models for a session of 23,589 neurons (what the first frame
 * of a new session waits for), beside the cost of Smile's own {@code HiddenLayer} of the same shape
 * measured in the same run: its constructor fills every weight from Smile's global generator, which
 * the models used to pay before drawing their own. The first creation in the JVM (what a service
 * without warm-up pays), then medians of interleaved rounds after a few rounds of warm-up.
 * {@code java -cp ... io.livedecode.decoder.bench.ModelCreation [neurons] [rounds]}.
 */
public final class ModelCreation {
    private static final int WARM_UP = 3;

    private ModelCreation() {
    }

    public static void main(String[] args) {
        int neurons = args.length > 0 ? Integer.parseInt(args[0]) : 23_589;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 11;
        List<String> names = List.of("linear", "relu200");
        List<DecoderConfig> configs = names.stream()
                .map(n -> VariantCatalog.resolve(n, 180, 1, 500)).toList();
        double[][] ms = new double[names.size() + 1][rounds];
        double[] cold = new double[names.size() + 1];
        long sink = 0;
        for (int round = -WARM_UP; round < rounds; round++) {
            for (int v = 0; v < configs.size(); v++) {
                long start = System.nanoTime();
                OnlineDecoder d = new OnlineDecoder(configs.get(v), neurons);
                long took = System.nanoTime() - start;
                sink += d.version() + d.neuronCount();
                if (round >= 0) {
                    ms[v][round] = took / 1e6;
                } else if (round == -WARM_UP) {
                    cold[v] = took / 1e6;
                }
            }
            long start = System.nanoTime();
            HiddenLayer smile = new HiddenLayer(200, neurons, 0, ActivationFunction.rectifier());
            long took = System.nanoTime() - start;
            sink += smile.getOutputSize();
            if (round >= 0) {
                ms[names.size()][round] = took / 1e6;
            } else if (round == -WARM_UP) {
                cold[names.size()] = took / 1e6;
            }
        }
        System.out.printf(Locale.ROOT, "model creation, %,d neurons (ms): first in this JVM, median of %d rounds after %d%n",
                neurons, rounds, WARM_UP);
        for (int v = 0; v <= names.size(); v++) {
            String name = v < names.size() ? names.get(v) : "Smile HiddenLayer(200) alone";
            System.out.printf(Locale.ROOT, "  %-28s %8.2f %8.2f%n", name, cold[v], median(ms[v]));
        }
        snapshots(configs, neurons, rounds);
        if (sink == 42) {
            System.out.println();
        }
    }

    /**
     * What a session snapshot of these models costs the decoding thread: the whole serialisation
     * ({@link OnlineDecoder#snapshot}) against the capture the service now takes there, and the
     * rendering of that capture, which the snapshot writer's thread does.
     */
    private static void snapshots(List<DecoderConfig> configs, int neurons, int rounds) {
        List<OnlineDecoder> decoders = configs.stream().map(c -> new OnlineDecoder(c, neurons)).toList();
        java.util.SplittableRandom random = new java.util.SplittableRandom(9);
        float[] x = new float[neurons];
        for (int i = 0; i < neurons; i++) {
            x[i] = (float) Math.exp(1 + random.nextGaussian());
        }
        StepResult step = new StepResult();
        SnapshotStaging staging = new SnapshotStaging();
        double[][] ms = new double[3][rounds];
        long bytes = 0;
        for (int round = -WARM_UP; round < rounds; round++) {
            for (int t = 0; t < 10; t++) {
                for (OnlineDecoder d : decoders) {
                    d.step(x, random.nextDouble(d.config().periodDegrees()), step);
                }
            }
            long start = System.nanoTime();
            for (OnlineDecoder d : decoders) {
                bytes += d.snapshot().length;
            }
            long serialised = System.nanoTime();
            staging.reset();
            List<CapturedSnapshot> captured = decoders.stream().map(d -> d.capture(staging)).toList();
            long copied = System.nanoTime();
            for (CapturedSnapshot c : captured) {
                bytes -= c.toByteArray().length;
            }
            long rendered = System.nanoTime();
            if (round >= 0) {
                ms[0][round] = (serialised - start) / 1e6;
                ms[1][round] = (copied - serialised) / 1e6;
                ms[2][round] = (rendered - copied) / 1e6;
            }
        }
        if (bytes != 0) {
            throw new IllegalStateException("captured snapshots differ in length from snapshot()'s");
        }
        System.out.printf(Locale.ROOT, "session snapshot of %s (ms, median / max of %d): on the decoding thread"
                        + " before %.2f / %.2f, now (capture) %.2f / %.2f; writer thread (render) %.2f / %.2f%n",
                String.join(" + ", configs.stream().map(c -> c.hiddenLayers().isEmpty() ? "linear" : "relu"
                        + c.hiddenLayers()).toList()), rounds, median(ms[0]), max(ms[0]), median(ms[1]), max(ms[1]),
                median(ms[2]), max(ms[2]));
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
