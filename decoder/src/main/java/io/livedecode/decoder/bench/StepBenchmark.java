package io.livedecode.decoder.bench;

import io.livedecode.decoder.config.ConfigLayers;
import io.livedecode.decoder.config.VariantCatalog;
import io.livedecode.decoder.model.DecoderConfig;
import io.livedecode.decoder.model.OnlineDecoder;
import io.livedecode.decoder.model.Optimizer;
import io.livedecode.decoder.model.StepResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The model speed benchmark: for each shape (23,589 -> 200 and -> 50 with SGD + L2, the linear
 * readout, and the default variants as configured), predict, update and predict + update of our
 * decoder (large passes split across the kernel threads) beside the memory floor of the same weights on one core and on
 * all, stock Smile's MLP and the seed's PyTorch network (a child process), all measured in the
 * same run in interleaved rounds (medians), with the speed goals checked on the first shape; then
 * the step cost by optimiser and the default variants against the 30 Hz budget.
 *
 * <p>Run: {@code ./livedecode speed}, or (from the repository root, after {@code mvn -B -q -pl decoder -am package -DskipTests})
 * <pre>
 * java --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector \
 *   -cp "decoder/target/livedecode.jar:decoder/target/lib/*" \
 *   io.livedecode.decoder.bench.StepBenchmark [neurons=23589] [hidden=200,50] [rounds=21] [frames=40]
 * </pre>
 */
public final class StepBenchmark {
    /** Warm-up of each group of interleaved measures, until the JIT has compiled the vector code. */
    private static final long WARMUP_NANOS = 2_000_000_000L;

    private final int neurons;
    private final int rounds;
    private final int frames;
    private final float[][] inputs;
    private final double[] labels;

    private StepBenchmark(int neurons, int rounds, int frames) {
        this.neurons = neurons;
        this.rounds = rounds;
        this.frames = frames;
        SplittableRandom r = new SplittableRandom(42);
        inputs = new float[16][neurons];
        labels = new double[inputs.length];
        for (int k = 0; k < inputs.length; k++) {
            for (int i = 0; i < neurons; i++) {
                // Non-negative, heavy-tailed, like deconvolved responses.
                inputs[k][i] = (float) Math.exp(1.5 + r.nextGaussian());
            }
            labels[k] = r.nextDouble(360);
        }
    }

    public static void main(String[] args) {
        int neurons = 23_589;
        int rounds = 21;
        int frames = 40;
        List<Integer> hidden = List.of(200, 50);
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            switch (kv[0]) {
                case "neurons" -> neurons = Integer.parseInt(kv[1]);
                case "rounds" -> rounds = Integer.parseInt(kv[1]);
                case "frames" -> frames = Integer.parseInt(kv[1]);
                case "hidden" -> hidden = Arrays.stream(kv[1].split(",")).map(Integer::valueOf).toList();
                default -> throw new IllegalArgumentException(
                        "unknown argument " + arg + "; use neurons=, hidden=, rounds=, frames=");
            }
        }
        StepBenchmark bench = new StepBenchmark(neurons, rounds, frames);
        int cores = Runtime.getRuntime().availableProcessors();
        try (StreamWorkers workers = new StreamWorkers(cores);
             TorchReference torch = TorchReference.start(cores)) {
            System.out.printf(Locale.ROOT, "java %s, %d cpus, vector kernels %s; PyTorch %s%n"
                            + "%d rounds x %d frames, interleaved, medians; ratios to the %d-core memory floor of the"
                            + " first layer%n",
                    Runtime.version(), cores,
                    ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? "on" : "OFF (scalar fallback)",
                    torch.description(), rounds, frames, cores);
            System.out.println("update = (predict + update) - predict, except stock Smile's, measured alone (it runs"
                    + " its own forward pass); PyTorch's predict + update is its training step (forward, MSE,"
                    + " backward, optimiser step).");
            boolean first = true;
            for (Map.Entry<String, DecoderConfig> e : bench.shapes(hidden).entrySet()) {
                ShapeBench.Figures f = new ShapeBench(e.getKey(), e.getValue(), bench.inputs, bench.labels, workers,
                        torch).run(rounds, frames, WARMUP_NANOS, System.out);
                if (first && e.getValue().hiddenLayers().equals(List.of(200))) {
                    Goals.print(e.getKey(), f, cores, System.out);
                }
                first = false;
            }
            bench.variants(hidden.get(0), workers);
        }
        DefaultVariantsSpeed.run(bench.inputs, bench.labels, rounds, frames);
    }

    /** The SGD + L2 shapes asked for, the linear readout, then the configured default variants. */
    private Map<String, DecoderConfig> shapes(List<Integer> hidden) {
        Map<String, DecoderConfig> shapes = new LinkedHashMap<>();
        for (int h : hidden) {
            shapes.put(String.format(Locale.ROOT, "%,d -> %d -> 2, SGD + L2", neurons, h), DecoderConfig.reluL2(h, 1e-3));
        }
        shapes.put(String.format(Locale.ROOT, "%,d -> 2, linear readout, SGD", neurons), DecoderConfig.linear());
        Map<String, String> defaults = ConfigLayers.withBuiltInDefaults().defaults();
        Map<String, DecoderConfig> variants = VariantCatalog.resolve(
                List.of(defaults.get("decoder.variants").split(",")),
                Double.parseDouble(defaults.get("decoder.period-degrees")), Long.parseLong(defaults.get("decoder.seed")),
                Integer.parseInt(defaults.get("metrics.error-window")));
        variants.forEach((name, config) -> {
            if (!shapes.containsValue(config)) {
                shapes.put(String.format(Locale.ROOT, "default variant %s, %s (%,d neurons)", name, config.optimizer(),
                        neurons), config);
            }
        });
        return shapes;
    }

    /**
     * Step cost of the optimiser and rehearsal variants; each extra buffer adds a read+write floor
     * (all cores).
     */
    private void variants(int hidden, StreamWorkers workers) {
        MemoryFloor floor = new MemoryFloor(hidden, neurons, workers);
        DecoderConfig base = DecoderConfig.reluL2(hidden, 1e-3);
        record Variant(String name, DecoderConfig config, int extraBuffers, int updates) {
        }
        List<Variant> variants = List.of(
                new Variant("SGD + L2", base, 0, 1),
                new Variant("SGD + L2 + momentum 0.9", base.toBuilder().momentum(0.9).build(), 1, 1),
                new Variant("RMSProp + L2", base.toBuilder().optimizer(Optimizer.RMSPROP).learningRate(3e-4).build(), 1, 1),
                new Variant("RMSProp + L2 + rehearsal 7", base.toBuilder().optimizer(Optimizer.RMSPROP)
                        .learningRate(3e-4).rehearsal(7, 16).build(), 1, 8),
                new Variant("linear readout (no hidden layer)", DecoderConfig.linear(), 0, 1));
        int n = inputs.length;
        Measure read = Measure.local("read", n, k -> floor.readAllCores());
        Measure readWrite = Measure.local("readWrite", n, k -> floor.readWriteAllCores());
        List<Measure> measures = new ArrayList<>(List.of(read, readWrite));
        StepResult result = new StepResult();
        for (Variant v : variants) {
            OnlineDecoder decoder = new OnlineDecoder(v.config(), neurons);
            measures.add(Measure.local(v.name(), n, k -> decoder.step(inputs[k], labels[k], result)));
        }
        Measure.run(measures, rounds, frames, 100, WARMUP_NANOS);
        System.out.printf(Locale.ROOT, "%nstep cost by optimiser, %,d -> %d -> 2 (floor = updates x (read + (1 + buffers)"
                + " x read+write), %d cores)%n", neurons, hidden, workers.threads());
        System.out.printf(Locale.ROOT, "%-34s %9s %9s %7s %12s%n", "variant", "ms/frame", "floor ms", "ratio", "alloc B/frame");
        for (int i = 0; i < variants.size(); i++) {
            Variant v = variants.get(i);
            Measure m = measures.get(i + 2);
            double f = v.updates() * (read.median() + (1 + v.extraBuffers()) * readWrite.median());
            if (v.config().hiddenLayers().isEmpty()) {
                f = Double.NaN;
            }
            System.out.printf(Locale.ROOT, "%-34s %9.3f %9.3f %7.2f %12.0f%n", m.name, m.median(), f, m.median() / f,
                    m.allocatedPerFrame());
        }
        if (floor.checksum() == 42.4242f) {
            System.out.print("");
        }
    }
}
