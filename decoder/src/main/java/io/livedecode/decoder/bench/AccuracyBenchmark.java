package io.livedecode.decoder.bench;

import io.livedecode.decoder.model.DecoderConfig;
import io.livedecode.decoder.model.OnlineDecoder;
import io.livedecode.decoder.model.StepResult;
import io.livedecode.simulator.calibration.RidgeDecoder;
import io.livedecode.simulator.source.Trial;
import io.livedecode.simulator.source.TrialSource;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decoding accuracy on one session, side by side: online decoders run one prequential pass over
 * every trial and are scored on the held-out tail before learning each of its trials; an offline
 * ridge decoder (closed form) and the seed's PyTorch recipe train on the head and are scored on
 * the same tail.
 */
public final class AccuracyBenchmark {

    /** One decoder's median absolute error on the evaluated trials. */
    public record Row(String decoder, String training, double medianErrorDegrees, double seconds) {
    }

    private final TrialSource source;
    private final int trainEnd;
    private final double periodDegrees;
    private final PrintStream progress;

    public AccuracyBenchmark(TrialSource source, int trainEnd, double periodDegrees, PrintStream progress) {
        if (trainEnd < 1 || trainEnd >= source.trials()) {
            throw new IllegalArgumentException("training end " + trainEnd + " must leave trials to evaluate in 1.."
                    + source.trials());
        }
        this.source = source;
        this.trainEnd = trainEnd;
        this.periodDegrees = periodDegrees;
        this.progress = progress;
    }

    /** Online decoder: one pass, prequential error over trials [trainEnd, end). */
    public Row online(String name, DecoderConfig config) {
        long start = System.nanoTime();
        OnlineDecoder decoder = new OnlineDecoder(config, source.neurons());
        StepResult result = new StepResult();
        double[] errors = new double[source.trials() - trainEnd];
        for (int i = 0; i < source.trials(); i++) {
            Trial t = source.trial(i);
            decoder.step(t.responses(), t.stimulusDegrees(), result);
            if (i >= trainEnd) {
                errors[i - trainEnd] = result.errorDegrees();
            }
            if ((i + 1) % 1000 == 0) {
                progress.printf("  %s: %d/%d trials%n", name, i + 1, source.trials());
            }
        }
        return new Row(name, "online, one pass", median(errors), (System.nanoTime() - start) / 1e9);
    }

    /** Offline ridge regression on cos/sin targets, penalty chosen on a validation split of the head. */
    public Row ridge() {
        long start = System.nanoTime();
        RidgeDecoder ridge = RidgeDecoder.fitSelectingPenalty(source, 0, trainEnd, periodDegrees);
        double error = ridge.medianAbsoluteErrorDegrees(source, trainEnd, source.trials());
        return new Row("ridge", "offline, closed form", error, (System.nanoTime() - start) / 1e9);
    }

    /** The seed's recipe in PyTorch: raw degrees, MSE, full-batch SGD with momentum. */
    public Row seedRecipe(int iterations) throws Exception {
        long start = System.nanoTime();
        double error = SeedRecipe.medianError(source, trainEnd, source.trials(), iterations);
        return new Row("seed recipe (PyTorch relu200)", "offline, " + iterations + " full-batch SGD steps, raw degrees",
                error, (System.nanoTime() - start) / 1e9);
    }

    /** Runs the online configurations, ridge, and optionally the PyTorch recipe. */
    public List<Row> run(Map<String, DecoderConfig> online, int torchIterations) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, DecoderConfig> e : online.entrySet()) {
            progress.printf("online %s ...%n", e.getKey());
            rows.add(online(e.getKey(), e.getValue()));
        }
        progress.println("offline ridge ...");
        rows.add(ridge());
        if (torchIterations > 0) {
            progress.println("seed recipe in PyTorch (" + SeedRecipe.PYTHON + ") ...");
            rows.add(seedRecipe(torchIterations));
        }
        return rows;
    }

    public static void print(List<Row> rows, int evaluated, PrintStream out) {
        double ridge = rows.stream().filter(r -> r.decoder().equals("ridge")).mapToDouble(Row::medianErrorDegrees)
                .findFirst().orElse(Double.NaN);
        out.printf(Locale.ROOT, "%nmedian absolute error over the last %d trials%n", evaluated);
        out.printf(Locale.ROOT, "%-32s %-44s %10s %9s %8s%n", "decoder", "training", "error deg", "x ridge", "time s");
        for (Row r : rows) {
            out.printf(Locale.ROOT, "%-32s %-44s %10.2f %9.2f %8.1f%n", r.decoder(), r.training(),
                    r.medianErrorDegrees(), r.medianErrorDegrees() / ridge, r.seconds());
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
