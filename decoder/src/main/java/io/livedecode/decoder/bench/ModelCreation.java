package io.livedecode.decoder.bench;

import io.livedecode.decoder.config.VariantCatalog;
import io.livedecode.decoder.model.DecoderConfig;
import io.livedecode.decoder.model.OnlineDecoder;
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
        if (sink == 42) {
            System.out.println();
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
