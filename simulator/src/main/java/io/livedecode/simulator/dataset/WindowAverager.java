package io.livedecode.simulator.dataset;

import java.util.ArrayDeque;

/**
 * Averages frames, arriving in order, into the trials whose response windows contain them. Only
 * the trials whose window is open hold a (double) accumulator, so memory stays at the output plus
 * a few frames however long the recording is.
 */
final class WindowAverager implements FrameSink {

    private final TrialAssembly.Windows windows;
    private final int neurons;
    private final float[][] out;
    private final ArrayDeque<Integer> open = new ArrayDeque<>();
    private final double[][] sums;
    private final ArrayDeque<double[]> spare = new ArrayDeque<>();
    private int next;

    WindowAverager(TrialAssembly.Windows windows, int neurons) {
        this.windows = windows;
        this.neurons = neurons;
        this.out = new float[windows.trials()][];
        this.sums = new double[windows.trials()][];
    }

    @Override
    public void frame(int index, float[] row) {
        for (int t : open) {
            double[] sum = sums[t];
            for (int i = 0; i < neurons; i++) {
                sum[i] += row[i];
            }
        }
        // Frames come in order from 0, so a window opens exactly at its first frame.
        while (next < windows.trials() && windows.first()[next] <= index) {
            int t = next++;
            if (windows.end()[t] - windows.first()[t] == 1) {
                // The mean of one frame is the frame itself, bit for bit; rows are never changed.
                out[t] = row;
                continue;
            }
            double[] sum = spare.isEmpty() ? new double[neurons] : spare.pop();
            for (int i = 0; i < neurons; i++) {
                sum[i] = row[i];
            }
            sums[t] = sum;
            open.add(t);
        }
        // Windows end in trial order, so the finished ones are at the head.
        while (!open.isEmpty() && windows.end()[open.peek()] <= index + 1) {
            int t = open.poll();
            double count = windows.end()[t] - windows.first()[t];
            float[] mean = new float[neurons];
            for (int i = 0; i < neurons; i++) {
                mean[i] = (float) (sums[t][i] / count);
            }
            out[t] = mean;
            spare.push(sums[t]);
            sums[t] = null;
        }
    }

    /** The averaged rows; every window must have closed (all frames seen). */
    float[][] result() {
        if (next < windows.trials() || !open.isEmpty()) {
            throw new IllegalStateException("frames ended before trial " + (open.isEmpty() ? next : open.peek())
                    + "'s window closed");
        }
        return out;
    }
}
