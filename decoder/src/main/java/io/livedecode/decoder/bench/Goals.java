package io.livedecode.decoder.bench;

import static io.livedecode.decoder.bench.ShapeBench.FLOOR_N;
import static io.livedecode.decoder.bench.ShapeBench.OURS;
import static io.livedecode.decoder.bench.ShapeBench.PREDICT;
import static io.livedecode.decoder.bench.ShapeBench.SMILE;
import static io.livedecode.decoder.bench.ShapeBench.STEP;
import static io.livedecode.decoder.bench.ShapeBench.TORCH;

import java.io.PrintStream;
import java.util.Locale;

/** The speed goals for 23,589 -> 200, each checked against the figures of the same run. */
final class Goals {
    private Goals() {
    }

    static void print(String shape, ShapeBench.Figures f, int cores, PrintStream out) {
        double predict = f.get(PREDICT, OURS);
        double step = f.get(STEP, OURS);
        out.printf(Locale.ROOT, "%ngoals, %s, ours (%d kernel threads) against the %d-core floor:%n", shape,
                ShapeBench.splitThreads(), cores);
        atMost(out, "predict <= 1.2x the all-core read floor", predict / f.get(PREDICT, FLOOR_N), 1.2, "x floor");
        atMost(out, "predict + update <= 1.3x the all-core floor", step / f.get(STEP, FLOOR_N), 1.3, "x floor");
        atMost(out, "predict faster than stock Smile's", predict / f.get(PREDICT, SMILE), 1.0, "x its time");
        atMost(out, "predict faster than PyTorch's", predict / f.get(PREDICT, TORCH), 1.0, "x its time");
        double speedup = f.get(STEP, TORCH) / step;
        line(out, "predict + update >= 5x faster than PyTorch's step", speedup, "x faster",
                Double.isNaN(speedup) ? "not measured" : speedup >= 5 ? "met"
                        : String.format(Locale.ROOT, "MISSED (%.0f%% short)", 100 * (1 - speedup / 5)));
        double allocated = Math.max(f.oursPredictAllocated(), f.oursStepAllocated());
        line(out, "0 bytes allocated per frame", allocated, "B/frame", allocated == 0 ? "met" : "MISSED");
    }

    private static void atMost(PrintStream out, String what, double value, double limit, String unit) {
        line(out, what, value, unit, Double.isNaN(value) ? "not measured" : value <= limit ? "met"
                : String.format(Locale.ROOT, "MISSED by %.0f%%", 100 * (value / limit - 1)));
    }

    private static void line(PrintStream out, String what, double value, String unit, String verdict) {
        out.printf(Locale.ROOT, "  %-52s %8.2f %-11s %s%n", what, value, unit, verdict);
    }
}
