package io.livedecode.simulator.calibration;

import java.util.stream.IntStream;

/**
 * Per-neuron tuning statistics measured from binned responses: a {@link TuningFit} on bins of
 * {@link #FIT_BIN_DEGREES}, split-half reliability and vector selectivity on the finest bins.
 */
public final class NeuronStatistics {

    /** Width of the bins tuning curves are fitted on: fine enough for kappa up to ~20. */
    public static final double FIT_BIN_DEGREES = 5.0;

    private final TuningFit[] fits;
    private final double[] reliability;
    private final double[] vectorSelectivity;

    private NeuronStatistics(TuningFit[] fits, double[] reliability, double[] vectorSelectivity) {
        this.fits = fits;
        this.reliability = reliability;
        this.vectorSelectivity = vectorSelectivity;
    }

    /** Measures every neuron of {@code curves}, on all cores. */
    public static NeuronStatistics measure(TuningCurves curves) {
        int factor = (int) Math.rint(FIT_BIN_DEGREES / curves.binDegrees());
        if (factor < 1 || curves.bins() % factor != 0) {
            throw new IllegalArgumentException(String.format(
                    "curves of %s-degree bins cannot be pooled into %s-degree bins",
                    curves.binDegrees(), FIT_BIN_DEGREES));
        }
        int neurons = curves.neurons();
        TuningFit[] fits = new TuningFit[neurons];
        double[] reliability = new double[neurons];
        double[] vector = new double[neurons];
        int chunk = 256;
        IntStream.range(0, (neurons + chunk - 1) / chunk).parallel().forEach(c -> {
            TuningFitter fitter = new TuningFitter(curves.bins() / factor, curves.periodDegrees());
            for (int n = c * chunk; n < Math.min(neurons, (c + 1) * chunk); n++) {
                fits[n] = fitter.fit(curves.curve(n, factor));
                reliability[n] = SplitHalfReliability.of(curves, n);
                vector[n] = VectorSelectivity.orientation(curves.curve(n, 1), curves.periodDegrees());
            }
        });
        return new NeuronStatistics(fits, reliability, vector);
    }

    public int neurons() {
        return fits.length;
    }

    public TuningFit fit(int neuron) {
        return fits[neuron];
    }

    public double reliability(int neuron) {
        return reliability[neuron];
    }

    public double vectorSelectivity(int neuron) {
        return vectorSelectivity[neuron];
    }

    double[] concentrations() {
        double[] k = new double[fits.length];
        for (int n = 0; n < k.length; n++) {
            k[n] = fits[n].concentration();
        }
        return k;
    }

    double[] orientationSelectivities() {
        double[] s = new double[fits.length];
        for (int n = 0; n < s.length; n++) {
            s[n] = fits[n].orientationSelectivity();
        }
        return s;
    }

    double[] directionSelectivities() {
        double[] s = new double[fits.length];
        for (int n = 0; n < s.length; n++) {
            s[n] = fits[n].directionSelectivity();
        }
        return s;
    }

    double[] reliabilities() {
        return reliability.clone();
    }

    double[] vectorSelectivities() {
        return vectorSelectivity.clone();
    }
}
