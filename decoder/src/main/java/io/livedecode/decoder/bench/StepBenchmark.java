package io.livedecode.decoder.bench;

import io.livedecode.decoder.model.DecoderConfig;
import io.livedecode.decoder.model.OnlineDecoder;
import io.livedecode.decoder.model.Optimizer;
import io.livedecode.decoder.model.StepResult;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import smile.tensor.Vector;

/**
 * Measures the online decoder's cost per frame (predict, update, predict + update) beside the
 * memory-bound floor of the same weights measured in the same run, and beside Smile's own MLP
 * loop, then prints ratios. Medians over interleaved rounds, so machine noise hits all columns alike.
 *
 * <p>Run (from the repository root):
 * <pre>
 * mvn -B -q -pl decoder -am package -DskipTests &amp;&amp; java --enable-native-access=ALL-UNNAMED \
 *   --add-modules jdk.incubator.vector -cp "decoder/target/livedecode.jar:decoder/target/lib/*" \
 *   io.livedecode.decoder.bench.StepBenchmark [neurons=23589] [hidden=200,50] [rounds=21] [frames=40]
 * </pre>
 */
public final class StepBenchmark {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

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
        System.out.printf(Locale.ROOT, "java %s, %d cpus, vector kernels %s; %d rounds x %d frames, medians%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(),
                ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? "on" : "OFF (scalar fallback)",
                rounds, frames);
        for (int h : hidden) {
            bench.shape(h);
        }
        bench.variants(hidden.get(0));
        DefaultVariantsSpeed.run(bench.inputs, bench.labels, rounds, frames);
    }

    /** Predict, update and step for one shape with SGD + L2, against the floor and stock Smile. */
    private void shape(int hidden) {
        DecoderConfig config = DecoderConfig.reluL2(hidden, 1e-3);
        OnlineDecoder decoder = new OnlineDecoder(config, neurons);
        MemoryFloor floor = new MemoryFloor(hidden, neurons);
        SmileStock smile = new SmileStock(neurons, hidden, 2, config.learningRate(), config.smileLambda());
        Vector smileInput = Vector.column(inputs[0].clone());
        float[] smileTarget = {1f, 0f};
        StepResult result = new StepResult();

        List<Measure> measures = new ArrayList<>();
        Measure read = new Measure("floor: read weights once", floor::read);
        Measure readWrite = new Measure("floor: read+write weights once", floor::readWrite);
        Measure predict = new Measure("predict", k -> decoder.predict(inputs[k]));
        Measure step = new Measure("step (predict+update)", k -> decoder.step(inputs[k], labels[k], result));
        Measure smilePredict = new Measure("smile predict", k -> smile.predict(smileInput));
        Measure smileUpdate = new Measure("smile update", k -> smile.update(smileInput, smileTarget));
        measures.addAll(List.of(read, readWrite, predict, step, smilePredict, smileUpdate));
        run(measures);

        double floorStep = read.median() + readWrite.median();
        double update = step.median() - predict.median();
        System.out.printf(Locale.ROOT, "%n%d -> %d -> 2, SGD + L2 (first layer %.1f MB; %.1f MB stored with Smile's padding)%n",
                neurons, hidden, floor.bytes() / 1e6, floor.storedBytes() / 1e6);
        System.out.printf(Locale.ROOT, "%-34s %9s %9s %7s %12s%n", "operation", "ms/frame", "floor ms", "ratio", "alloc B/frame");
        row(read, read.median(), Double.NaN);
        row(readWrite, readWrite.median(), Double.NaN);
        row(predict, read.median(), predict.allocated());
        System.out.printf(Locale.ROOT, "%-34s %9.3f %9.3f %7.2f %12s%n", "update (step - predict)", update,
                readWrite.median(), update / readWrite.median(), "");
        row(step, floorStep, step.allocated());
        row(smilePredict, read.median(), smilePredict.allocated());
        row(smileUpdate, floorStep, smileUpdate.allocated());
        System.out.printf(Locale.ROOT, "%-34s %9.3f %9.3f %7.2f%n", "smile predict + update",
                smilePredict.median() + smileUpdate.median(), floorStep,
                (smilePredict.median() + smileUpdate.median()) / floorStep);
        System.out.printf(Locale.ROOT, "(checksums %s %s)%n", floor.checksum(), decoder.version());
    }

    /** Step cost of the optimiser and rehearsal variants; each extra buffer adds a read+write floor. */
    private void variants(int hidden) {
        MemoryFloor floor = new MemoryFloor(hidden, neurons);
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
        Measure read = new Measure("read", floor::read);
        Measure readWrite = new Measure("readWrite", floor::readWrite);
        List<Measure> measures = new ArrayList<>(List.of(read, readWrite));
        StepResult result = new StepResult();
        for (Variant v : variants) {
            OnlineDecoder decoder = new OnlineDecoder(v.config(), neurons);
            measures.add(new Measure(v.name(), k -> decoder.step(inputs[k], labels[k], result)));
        }
        run(measures);
        System.out.printf(Locale.ROOT, "%nstep cost by optimiser, %d -> %d -> 2 (floor = read + (1 + buffers) x read+write, per update)%n",
                neurons, hidden);
        System.out.printf(Locale.ROOT, "%-34s %9s %9s %7s %12s%n", "variant", "ms/frame", "floor ms", "ratio", "alloc B/frame");
        for (int i = 0; i < variants.size(); i++) {
            Variant v = variants.get(i);
            Measure m = measures.get(i + 2);
            double f = v.updates() * (read.median() + (1 + v.extraBuffers()) * readWrite.median());
            if (v.config().hiddenLayers().isEmpty()) {
                f = Double.NaN;
            }
            row(m, f, m.allocated());
        }
    }

    private void row(Measure m, double floor, double allocated) {
        System.out.printf(Locale.ROOT, "%-34s %9.3f %9.3f %7.2f %12s%n", m.name, m.median(), floor, m.median() / floor,
                Double.isNaN(allocated) ? "" : String.format(Locale.ROOT, "%.0f", allocated));
    }

    /** Warms up, then runs the measures in interleaved rounds. */
    private void run(List<Measure> measures) {
        for (Measure m : measures) {
            // Until the JIT has compiled the vector code (interpreted vector code allocates): 3 s, 100 frames at least.
            long end = System.nanoTime() + 3_000_000_000L;
            int done = 0;
            while (done < 100 || System.nanoTime() < end) {
                m.time(10, false, false);
                done += 10;
            }
        }
        for (int r = 0; r < rounds; r++) {
            for (Measure m : measures) {
                m.time(frames, true, r >= rounds / 2);
            }
        }
    }

    /** One timed operation: per-frame times of each round; bytes allocated per frame over the later rounds. */
    private final class Measure {
        final String name;
        final FrameAction action;
        final double[] millis = new double[rounds];
        int filled;
        long allocatedBytes;
        long allocatedFrames;

        Measure(String name, FrameAction action) {
            this.name = name;
            this.action = action;
        }

        Measure(String name, Runnable action) {
            this(name, k -> action.run());
        }

        void time(int n, boolean record, boolean countAllocation) {
            long bytes = THREADS.getCurrentThreadAllocatedBytes();
            long start = System.nanoTime();
            for (int k = 0; k < n; k++) {
                action.run(k % inputs.length);
            }
            long elapsed = System.nanoTime() - start;
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - bytes;
            if (record) {
                millis[filled++] = elapsed / 1e6 / n;
            }
            if (countAllocation) {
                allocatedBytes += allocated;
                allocatedFrames += n;
            }
        }

        double median() {
            double[] s = Arrays.copyOf(millis, filled);
            Arrays.sort(s);
            return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        }

        double allocated() {
            return (double) allocatedBytes / allocatedFrames;
        }
    }

    @FunctionalInterface
    private interface FrameAction {
        void run(int frame);
    }
}
