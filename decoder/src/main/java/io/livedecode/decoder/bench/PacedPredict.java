package io.livedecode.decoder.bench;

import io.livedecode.decoder.config.VariantCatalog;
import io.livedecode.decoder.model.DecoderConfig;
import io.livedecode.decoder.model.KernelThreads;
import io.livedecode.decoder.model.OnlineDecoder;
import io.livedecode.decoder.model.StepResult;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

/**
 * What one {@code relu200} predict costs when frames come at a rig's pace rather than back to back
 * (no Kafka, one model, 23,589 neurons by default): the thread sleeps until the next frame is due,
 * as the decoding loop does between frames, then predicts. Beside it, in the same rounds: a second
 * predict right after the first (same weights, just read), a predict after spinning instead of
 * sleeping, a predict after the weights were read 5 ms earlier, and predicts back to back. If the
 * weights merely left the caches while the thread slept, the second predict would run at the
 * back-to-back speed. On one thread and on every core, taking turns frame by frame; spinning keeps
 * only the calling thread busy (a split pass's helper still parks between frames), and a helper
 * sits out the one-thread round too, so before the split "after sleeping" predict it has idled
 * about four frame intervals, not one. Percentiles are
 * over single predicts in every mode. {@code java --add-modules jdk.incubator.vector -cp ...
 * io.livedecode.decoder.bench.PacedPredict [frames] [rateHz] [neurons]}.
 */
public final class PacedPredict {
    private static final String[] MODES = {"after sleeping to the frame", "second predict, right after",
            "after spinning to the frame", "weights read 5 ms before", "back to back, 40 in a row"};
    private static final int BATCH = 40;
    private static final int BACK_TO_BACK = 4;

    private PacedPredict() {
    }

    public static void main(String[] args) {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        double rate = args.length > 1 ? Double.parseDouble(args[1]) : 30;
        int neurons = args.length > 2 ? Integer.parseInt(args[2]) : 23_589;
        run(frames, rate, neurons, System.out);
    }

    static void run(int frames, double rate, int neurons, PrintStream out) {
        long interval = (long) (1e9 / rate);
        float[][] inputs = new float[16][neurons];
        double[] labels = new double[inputs.length];
        Random random = new Random(1);
        for (int k = 0; k < inputs.length; k++) {
            for (int i = 0; i < neurons; i++) {
                inputs[k][i] = (float) Math.exp(1.5 + random.nextGaussian());
            }
            labels[k] = random.nextDouble() * 360;
        }
        DecoderConfig config = VariantCatalog.resolve("relu200", 360, 1, 500);
        OnlineDecoder decoder = new OnlineDecoder(config, neurons);
        StepResult result = new StepResult();
        int before = KernelThreads.current();
        out.printf(Locale.ROOT, "relu200 predict, %,d neurons, frames due every %.1f ms, %d per mode"
                + " (back to back: %d a frame); p50 / p90 / p99 ms%n", neurons, interval / 1e6, frames, BATCH);
        int all = KernelThreads.available();
        int[] counts = all > 1 ? new int[] {1, all} : new int[] {1};
        double[][][] ms = new double[counts.length][][];
        try {
            for (int c = 0; c < counts.length; c++) {
                KernelThreads.use(counts[c]);
                for (int k = 0; k < 2_000; k++) {
                    decoder.step(inputs[k % inputs.length], labels[k % labels.length], result);
                    decoder.predict(inputs[(k + 3) % inputs.length]);
                }
                ms[c] = new double[MODES.length][];
                for (int m = 0; m < MODES.length; m++) {
                    ms[c][m] = new double[m == BACK_TO_BACK ? frames * BATCH : frames];
                }
            }
            // The thread counts take turns frame by frame, so a drift of the host touches both alike.
            long due = System.nanoTime();
            for (int f = 0; f < frames; f++) {
                for (int c = 0; c < counts.length; c++) {
                    KernelThreads.use(counts[c]);
                    due = round(decoder, inputs, f, interval, due, ms[c]);
                }
            }
        } finally {
            KernelThreads.use(before);
        }
        for (int c = 0; c < counts.length; c++) {
            print(out, counts[c], ms[c]);
        }
    }

    /** One frame of every mode into {@code ms[mode][...]}; returns when the next frame is due from. */
    private static long round(OnlineDecoder decoder, float[][] inputs, int f, long interval, long due, double[][] ms) {
        float[] x = inputs[f % inputs.length];
        float[] other = inputs[(f + 7) % inputs.length];
        due = sleepUntil(due + interval);
        ms[0][f] = time(decoder, x);
        ms[1][f] = time(decoder, other);
        due += interval;
        while (System.nanoTime() < due) {
            Thread.onSpinWait();
        }
        ms[2][f] = time(decoder, x);
        due += interval;
        sleepUntil(due - 5_000_000L);
        decoder.predict(other);
        due = sleepUntil(due);
        ms[3][f] = time(decoder, x);
        for (int k = 0; k < BATCH; k++) {
            ms[BACK_TO_BACK][f * BATCH + k] = time(decoder, inputs[k % inputs.length]);
        }
        return System.nanoTime();
    }

    private static double time(OnlineDecoder decoder, float[] x) {
        long start = System.nanoTime();
        decoder.predict(x);
        return (System.nanoTime() - start) / 1e6;
    }

    /** Parks until {@code when} (nanoTime); returns it. */
    private static long sleepUntil(long when) {
        for (long left = when - System.nanoTime(); left > 0; left = when - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
        return when;
    }

    private static void print(PrintStream out, int threads, double[][] ms) {
        for (int m = 0; m < MODES.length; m++) {
            double[] s = ms[m].clone();
            Arrays.sort(s);
            out.printf(Locale.ROOT, "%d kernel thread%s  %-30s %6.3f / %6.3f / %6.3f%n", threads,
                    threads == 1 ? " " : "s", MODES[m], s[s.length / 2], s[s.length * 9 / 10],
                    s[Math.min(s.length - 1, s.length * 99 / 100)]);
        }
    }
}
