package io.livedecode.decoder.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livedecode.decoder.model.DecoderConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The speed table of one shape, on a small network: every column (both floors, ours, stock Smile,
 * PyTorch) is printed for every operation as a positive time with its ratio to the all-core floor,
 * the returned figures are those printed, and each goal line carries a figure and a verdict.
 */
class ShapeBenchTest {
    private static final Pattern NUMBER = Pattern.compile("-?\\d+\\.\\d+");

    @Test
    void printsAPositiveFigureAndRatioInEveryColumnAndAVerdictPerGoal() {
        SplittableRandom r = new SplittableRandom(3);
        float[][] inputs = new float[16][600];
        double[] labels = new double[inputs.length];
        for (int k = 0; k < inputs.length; k++) {
            for (int i = 0; i < inputs[k].length; i++) {
                inputs[k][i] = (float) Math.exp(1.5 + r.nextGaussian());
            }
            labels[k] = r.nextDouble(360);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ShapeBench.Figures f;
        try (StreamWorkers workers = new StreamWorkers(2); TorchReference torch = TorchReference.start(2)) {
            assertTrue(torch.available(), torch.description());
            f = new ShapeBench("600 -> 20 -> 2", DecoderConfig.reluL2(20, 1e-3), inputs, labels, workers, torch)
                    .run(5, 5, 50_000_000L, out);
            Goals.print("600 -> 20 -> 2", f, 2, out);
        }
        List<String> lines = Arrays.asList(bytes.toString(StandardCharsets.UTF_8).split("\n"));
        String[] operations = ShapeBench.OPERATIONS;
        for (int op = 0; op < operations.length; op++) {
            String name = operations[op];
            int row = indexOf(lines, l -> l.startsWith(name + " ") && l.contains(" ms "));
            double[] ms = numbers(lines.get(row));
            double[] ratios = numbers(lines.get(row + 1));
            assertEquals(ShapeBench.COLUMNS, ms.length, lines.get(row));
            assertEquals(ShapeBench.COLUMNS, ratios.length, lines.get(row + 1));
            for (int c = 0; c < ShapeBench.COLUMNS; c++) {
                if (derived(op, c)) {
                    // step - predict of two medians: on a network this small it is noise and may fall below 0.
                    assertEquals(f.get(ShapeBench.STEP, c) - f.get(ShapeBench.PREDICT, c), f.get(op, c), 1e-12,
                            name + " column " + c + " is step - predict");
                } else {
                    assertTrue(ms[c] > 0 && Double.isFinite(ms[c]), name + " column " + c + ": " + lines.get(row));
                    assertTrue(ratios[c] > 0, name + " column " + c + ": " + lines.get(row + 1));
                }
                assertEquals(f.get(op, c), ms[c], 0.0005 + 1e-3 * Math.abs(ms[c]), name + " column " + c);
            }
            assertEquals(1.0, ratios[ShapeBench.FLOOR_N], 0.005, "the all-core floor against itself");
        }
        int allocated = indexOf(lines, l -> l.startsWith("allocated B/frame: ours predict "));
        assertTrue(f.oursPredictAllocated() >= 0 && f.oursStepAllocated() >= 0, lines.get(allocated));
        long goals = lines.stream().filter(l -> l.matches("  \\S.* -?\\d+\\.\\d+ .* (met|MISSED.*)")).count();
        assertEquals(6, goals, String.join("\n", lines));
    }

    /** Our and PyTorch's update are not timed alone: they are the step's median less the predict's. */
    private static boolean derived(int op, int column) {
        return op == ShapeBench.UPDATE && (column == ShapeBench.OURS || column == ShapeBench.TORCH);
    }

    private static int indexOf(List<String> lines, java.util.function.Predicate<String> match) {
        for (int i = 0; i < lines.size(); i++) {
            if (match.test(lines.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such line in\n" + String.join("\n", lines));
    }

    private static double[] numbers(String line) {
        Matcher m = NUMBER.matcher(line);
        return m.results().mapToDouble(x -> Double.parseDouble(x.group())).toArray();
    }
}
