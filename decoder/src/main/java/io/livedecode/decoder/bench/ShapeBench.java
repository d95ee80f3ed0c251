package io.livedecode.decoder.bench;

import io.livedecode.decoder.model.DecoderConfig;
import io.livedecode.decoder.model.KernelThreads;
import io.livedecode.decoder.model.OnlineDecoder;
import io.livedecode.decoder.model.Optimizer;
import io.livedecode.decoder.model.StepResult;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import smile.tensor.Vector;

/**
 * Predict, update and predict + update of one network shape: the memory floor of its first layer
 * on one core and on all, our decoder with its passes split across the cores (at least 2 threads)
 * and on one thread, stock Smile's MLP and the seed's PyTorch network, measured in
 * interleaved rounds and printed side by side with ratios to the all-core floor.
 */
final class ShapeBench {
    /** Figures of the table: ms per frame by operation (predict, update, step) and column. */
    record Figures(double[][] millis, double oursPredictAllocated, double oursStepAllocated) {
        double get(int op, int column) {
            return millis[op][column];
        }
    }

    static final String[] OPERATIONS = {"predict", "update", "predict + update"};
    static final int PREDICT = 0;
    static final int UPDATE = 1;
    static final int STEP = 2;
    static final int FLOOR_1 = 0;
    static final int FLOOR_N = 1;
    static final int OURS = 2;
    static final int OURS_1 = 3;
    static final int SMILE = 4;
    static final int TORCH = 5;
    static final int COLUMNS = 6;
    /** Longer than OpenBLAS's and libgomp's spin before their idle threads sleep (about 0.1 s). */
    private static final long SETTLE_MILLIS = 150;

    private final String title;
    private final DecoderConfig config;
    private final float[][] inputs;
    private final double[] labels;
    private final StreamWorkers workers;
    private final TorchReference torch;

    ShapeBench(String title, DecoderConfig config, float[][] inputs, double[] labels, StreamWorkers workers,
               TorchReference torch) {
        this.title = title;
        this.config = config;
        this.inputs = inputs;
        this.labels = labels;
        this.workers = workers;
        this.torch = torch;
    }

    /** Threads of the "ours, split" column: every core, and at least two so the split shows on one. */
    static int splitThreads() {
        return Math.max(2, KernelThreads.available());
    }

    Figures run(int rounds, int frames, long warmupNanos, PrintStream out) {
        int neurons = inputs[0].length;
        List<Integer> hidden = config.hiddenLayers();
        int firstRows = hidden.isEmpty() ? config.outputs() : hidden.get(0);
        MemoryFloor floor = new MemoryFloor(firstRows, neurons, workers);
        OnlineDecoder ours = new OnlineDecoder(config, neurons);
        OnlineDecoder oursAlone = new OnlineDecoder(config, neurons);
        int split = splitThreads();
        int threads = KernelThreads.current();
        StepResult result = new StepResult();
        int n = inputs.length;
        Measure read1 = Measure.local("floor read, 1 core", n, k -> floor.read());
        Measure readWrite1 = Measure.local("floor read+write, 1 core", n, k -> floor.readWrite());
        Measure readN = Measure.local("floor read, all cores", n, k -> floor.readAllCores());
        Measure readWriteN = Measure.local("floor read+write, all cores", n, k -> floor.readWriteAllCores());
        // Each measure of ours sets its thread count per frame (a volatile write; the helpers already run).
        Measure predict = Measure.local("ours predict", n, k -> {
            KernelThreads.use(split);
            ours.predict(inputs[k]);
        });
        Measure step = Measure.local("ours step", n, k -> {
            KernelThreads.use(split);
            ours.step(inputs[k], labels[k], result);
        });
        Measure predictAlone = Measure.local("ours predict, 1 thread", n, k -> {
            KernelThreads.use(1);
            oursAlone.predict(inputs[k]);
        });
        Measure stepAlone = Measure.local("ours step, 1 thread", n, k -> {
            KernelThreads.use(1);
            oursAlone.step(inputs[k], labels[k], result);
        });
        List<Measure> measures = new ArrayList<>(List.of(read1, readWrite1, readN, readWriteN, predict, step,
                predictAlone, stepAlone));
        Measure smilePredict = null;
        Measure smileUpdate = null;
        // Smile's MLP needs a hidden layer (it rejects input -> output), so a linear readout has no Smile column.
        if (hidden.size() == 1) {
            SmileStock smile = new SmileStock(neurons, hidden.get(0), config.outputs(),
                    config.learningRate(), config.smileLambda());
            if (config.optimizer() == Optimizer.RMSPROP || config.optimizer() == Optimizer.RMSPROP_FACTORED) {
                smile.setRMSProp(config.rmsPropRho(), config.rmsPropEpsilon());
            }
            Vector x = Vector.column(inputs[0].clone());
            float[] target = new float[config.outputs()];
            target[0] = 1f;
            smilePredict = Measure.local("smile predict", n, k -> smile.predict(x)).settleAfter(SETTLE_MILLIS);
            smileUpdate = Measure.local("smile update", n, k -> smile.update(x, target)).settleAfter(SETTLE_MILLIS);
            measures.add(smilePredict);
            measures.add(smileUpdate);
        }
        int model = torch.model(neurons, config);
        Measure torchPredict = null;
        Measure torchStep = null;
        if (model >= 0) {
            torchPredict = Measure.remote("torch predict", f -> torch.time(model, "predict", f))
                    .settleAfter(SETTLE_MILLIS);
            torchStep = Measure.remote("torch step", f -> torch.time(model, "step", f)).settleAfter(SETTLE_MILLIS);
            measures.add(torchPredict);
            measures.add(torchStep);
        }
        try {
            Measure.run(measures, rounds, frames, 100, warmupNanos);
        } finally {
            KernelThreads.use(threads);
        }

        double[][] ms = new double[3][COLUMNS];
        fill(ms, FLOOR_1, read1.median(), readWrite1.median(), read1.median() + readWrite1.median());
        fill(ms, FLOOR_N, readN.median(), readWriteN.median(), readN.median() + readWriteN.median());
        fill(ms, OURS, predict.median(), step.median() - predict.median(), step.median());
        fill(ms, OURS_1, predictAlone.median(), stepAlone.median() - predictAlone.median(), stepAlone.median());
        // Smile's update runs its own forward pass, so it is measured alone; predict + update is
        // what a loop that reports the prediction and then learns pays with Smile's API.
        fill(ms, SMILE, median(smilePredict), median(smileUpdate), median(smilePredict) + median(smileUpdate));
        fill(ms, TORCH, median(torchPredict), median(torchStep) - median(torchPredict), median(torchStep));
        Figures figures = new Figures(ms, predict.allocatedPerFrame(), step.allocatedPerFrame());
        print(floor, figures, smilePredict, smileUpdate, out);
        return figures;
    }

    private static void fill(double[][] ms, int column, double predict, double update, double step) {
        ms[PREDICT][column] = predict;
        ms[UPDATE][column] = update;
        ms[STEP][column] = step;
    }

    private static double median(Measure m) {
        return m == null ? Double.NaN : m.median();
    }

    private void print(MemoryFloor floor, Figures f, Measure smilePredict, Measure smileUpdate, PrintStream out) {
        int threads = workers.threads();
        out.printf(Locale.ROOT, "%n%s: first layer %.1f MB%s%n", title, floor.bytes() / 1e6,
                floor.smileStoredBytes() > floor.bytes()
                        ? String.format(Locale.ROOT, " (stock Smile stores it in %.1f MB, with its padding)",
                                floor.smileStoredBytes() / 1e6)
                        : "");
        out.printf(Locale.ROOT, "%-22s %9s %9s %9s %9s %9s %9s%n", "", "floor", "floor", "ours", "ours", "stock",
                "PyTorch");
        out.printf(Locale.ROOT, "%-22s %9s %9s %9s %9s %9s %9s%n", "", "1 core", threads + " cores",
                splitThreads() + " thr", "1 thr", "Smile", torch.threads() + " thr");
        for (int op = 0; op < 3; op++) {
            out.printf(Locale.ROOT, "%-17s %4s", OPERATIONS[op], "ms");
            for (int c = 0; c < COLUMNS; c++) {
                out.print(cell(f.get(op, c), "%10.3f"));
            }
            out.println();
            out.printf(Locale.ROOT, "%-22s", "  x " + threads + "-core floor");
            for (int c = 0; c < COLUMNS; c++) {
                out.print(cell(f.get(op, c) / f.get(op, FLOOR_N), "%10.2f"));
            }
            out.println();
        }
        out.printf(Locale.ROOT, "allocated B/frame: ours predict %s, predict + update %s; Smile predict %s, update %s%n",
                bytes(f.oursPredictAllocated()), bytes(f.oursStepAllocated()), bytes(allocated(smilePredict)),
                bytes(allocated(smileUpdate)));
        // Keeps the JIT from discarding the floor loops.
        if (floor.checksum() == 42.4242f) {
            out.print("");
        }
    }

    private static double allocated(Measure m) {
        return m == null ? Double.NaN : m.allocatedPerFrame();
    }

    private static String cell(double v, String format) {
        return Double.isNaN(v) ? String.format(Locale.ROOT, "%10s", "-") : String.format(Locale.ROOT, format, v);
    }

    private static String bytes(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, v == 0 || v >= 10 ? "%.0f" : "%.2f", v);
    }
}
