package io.livedecode.simulator.calibration;

import io.livedecode.protocol.Angles;
import io.livedecode.simulator.source.Trial;

/**
 * Trial-averaged responses of every neuron in equal bins of stimulus angle, kept separately for
 * even- and odd-numbered trials so that the two halves give independent estimates of each
 * tuning curve. Memory is two doubles per neuron and bin.
 */
public final class TuningCurves {

    private final int neurons;
    private final double periodDegrees;
    private final double binDegrees;
    private final int bins;
    // sums[half][bin][neuron], half = trial index parity.
    private final double[][][] sums;
    private final int[][] counts;

    public TuningCurves(int neurons, double periodDegrees, double binDegrees) {
        if (neurons <= 0) {
            throw new IllegalArgumentException("neurons must be positive, got " + neurons);
        }
        if (!(binDegrees > 0) || !(periodDegrees > 0)) {
            throw new IllegalArgumentException(String.format(
                    "periodDegrees %s and binDegrees %s must be positive", periodDegrees, binDegrees));
        }
        double ratio = periodDegrees / binDegrees;
        if (Math.abs(ratio - Math.rint(ratio)) > 1e-9) {
            throw new IllegalArgumentException(String.format(
                    "binDegrees %s does not divide periodDegrees %s into whole bins", binDegrees, periodDegrees));
        }
        this.neurons = neurons;
        this.periodDegrees = periodDegrees;
        this.binDegrees = binDegrees;
        this.bins = (int) Math.rint(ratio);
        this.sums = new double[2][bins][neurons];
        this.counts = new int[2][bins];
    }

    /** Adds one trial to the half its index's parity selects and the bin its stimulus falls in. */
    public void add(Trial trial) {
        float[] responses = trial.responses();
        if (responses.length != neurons) {
            throw new IllegalArgumentException(String.format(
                    "trial %d has %d responses, expected %d", trial.index(), responses.length, neurons));
        }
        if (!Double.isFinite(trial.stimulusDegrees())) {
            throw new IllegalArgumentException("trial " + trial.index() + " has no stimulus angle");
        }
        int half = trial.index() & 1;
        int bin = Math.min(bins - 1, (int) (Angles.wrap(trial.stimulusDegrees(), periodDegrees) / binDegrees));
        double[] target = sums[half][bin];
        for (int n = 0; n < neurons; n++) {
            target[n] += responses[n];
        }
        counts[half][bin]++;
    }

    public int neurons() {
        return neurons;
    }

    public int bins() {
        return bins;
    }

    public double periodDegrees() {
        return periodDegrees;
    }

    public double binDegrees() {
        return binDegrees;
    }

    public double binCenterDegrees(int bin) {
        return (bin + 0.5) * binDegrees;
    }

    /** Trials that fell in {@code bin}, both halves together. */
    public int count(int bin) {
        return counts[0][bin] + counts[1][bin];
    }

    /** Mean response of {@code neuron} in each bin over one half (0 even, 1 odd); NaN where empty. */
    public double[] halfCurve(int half, int neuron) {
        double[] curve = new double[bins];
        for (int b = 0; b < bins; b++) {
            int c = counts[half][b];
            curve[b] = c == 0 ? Double.NaN : sums[half][b][neuron] / c;
        }
        return curve;
    }

    /**
     * Mean response of {@code neuron} over all trials in bins {@code factor} times wider than this
     * object's; NaN where empty. {@code factor} must divide the number of bins.
     */
    public double[] curve(int neuron, int factor) {
        if (factor <= 0 || bins % factor != 0) {
            throw new IllegalArgumentException(String.format(
                    "factor %d does not divide the %d bins", factor, bins));
        }
        double[] curve = new double[bins / factor];
        for (int coarse = 0; coarse < curve.length; coarse++) {
            double sum = 0;
            int count = 0;
            for (int b = coarse * factor; b < (coarse + 1) * factor; b++) {
                sum += sums[0][b][neuron] + sums[1][b][neuron];
                count += count(b);
            }
            curve[coarse] = count == 0 ? Double.NaN : sum / count;
        }
        return curve;
    }
}
