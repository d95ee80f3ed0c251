package io.livedecode.decoder.bench;

import io.livedecode.decoder.config.VariantCatalog;
import io.livedecode.decoder.model.DecoderConfig;
import io.livedecode.decoder.model.KernelThreads;
import io.livedecode.decoder.model.OnlineDecoder;
import io.livedecode.decoder.model.StepResult;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cost per labelled frame of the variants a service runs by default (and of their {@code -sgd}
 * forms), rehearsal included, against the frame budget of a 30 Hz rig with a 2x margin: every
 * default variant of a session together must take at most {@value #BUDGET_MS} ms. Interleaved
 * rounds, medians, at the kernel thread count the service runs with by default.
 */
final class DefaultVariantsSpeed {
    /** Half of a 30 Hz frame interval. */
    static final double BUDGET_MS = 1000.0 / 30 / 2;

    private DefaultVariantsSpeed() {
    }

    static void run(float[][] inputs, double[] labels, int rounds, int frames) {
        int neurons = inputs[0].length;
        List<String> names = List.of("linear", "relu200", "linear-sgd", "relu200-sgd");
        Map<String, DecoderConfig> configs = VariantCatalog.resolve(names, 360, 1, 200);
        OnlineDecoder[] decoders = new OnlineDecoder[names.size()];
        double[][] millis = new double[names.size()][rounds];
        double[][] predict = new double[names.size()][rounds];
        StepResult result = new StepResult();
        int before = KernelThreads.current();
        int threads = KernelThreads.forService(0);
        KernelThreads.use(threads);
        try {
            for (int v = 0; v < decoders.length; v++) {
                decoders[v] = new OnlineDecoder(configs.get(names.get(v)), neurons);
                // Fill the rehearsal buffer and let the JIT compile every path first.
                long end = System.nanoTime() + 3_000_000_000L;
                for (int k = 0; k < 200 || System.nanoTime() < end; k++) {
                    decoders[v].step(inputs[k % inputs.length], labels[k % inputs.length], result);
                }
            }
            for (int r = 0; r < rounds; r++) {
                for (int v = 0; v < decoders.length; v++) {
                    long start = System.nanoTime();
                    for (int k = 0; k < frames; k++) {
                        decoders[v].predict(inputs[k % inputs.length]);
                    }
                    predict[v][r] = (System.nanoTime() - start) / 1e6 / frames;
                    start = System.nanoTime();
                    for (int k = 0; k < frames; k++) {
                        decoders[v].step(inputs[k % inputs.length], labels[k % inputs.length], result);
                    }
                    millis[v][r] = (System.nanoTime() - start) / 1e6 / frames;
                }
            }
        } finally {
            KernelThreads.use(before);
        }
        System.out.printf(Locale.ROOT, "%nvariants as the service runs them, %,d neurons, kernel threads: %d, per labelled"
                + " frame (rehearsal included; budget %.1f ms = half a 30 Hz frame for all default variants together)%n",
                neurons, threads, BUDGET_MS);
        System.out.printf(Locale.ROOT, "%-14s %-18s %8s %9s %12s%n", "variant", "rule", "replays", "predict ms",
                "step ms");
        double defaults = 0;
        for (int v = 0; v < decoders.length; v++) {
            DecoderConfig c = configs.get(names.get(v));
            double step = median(millis[v]);
            if (VariantCatalog.DEFAULT_VARIANTS.contains(names.get(v))) {
                defaults += step;
            }
            System.out.printf(Locale.ROOT, "%-14s %-18s %8d %9.3f %12.3f%n", names.get(v), c.optimizer(),
                    decoders[v].replays(), median(predict[v]), step);
        }
        System.out.printf(Locale.ROOT, "%-14s %-18s %8s %9s %12.3f  (%.2f of the budget: %s)%n",
                String.join("+", VariantCatalog.DEFAULT_VARIANTS), "", "", "", defaults, defaults / BUDGET_MS,
                defaults <= BUDGET_MS ? "fits 30 Hz with a 2x margin" : "over the budget");
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
