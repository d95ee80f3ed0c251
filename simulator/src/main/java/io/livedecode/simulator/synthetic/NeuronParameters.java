package io.livedecode.simulator.synthetic;

/**
 * The tuning of every neuron of a synthetic population, drawn once from the seed and kept as
 * flat arrays (a few dozen bytes per neuron), together with the per-neuron constants the trial
 * generator needs so that a response costs one exponential and one gamma draw.
 */
public final class NeuronParameters {

    /** Concentrations are kept in a range where a tuning curve is still defined on a 1-degree grid. */
    static final double MIN_CONCENTRATION = 0.05;
    static final double MAX_CONCENTRATION = 50.0;

    // z-score of the 75th percentile of the standard normal distribution.
    private static final double QUARTILE_Z = 0.6744897501960817;

    private final double[] preferredDegrees;
    private final double[] concentration;
    private final double[] amplitude;
    private final double[] baseline;
    private final double[] nullRatio;

    // Derived constants used per response, see meanResponse.
    final double[] cosPreferred;
    final double[] sinPreferred;
    final double[] twiceConcentration;
    final double[] evenLobe;
    final double[] oddLobe;

    private NeuronParameters(int neurons) {
        preferredDegrees = new double[neurons];
        concentration = new double[neurons];
        amplitude = new double[neurons];
        baseline = new double[neurons];
        nullRatio = new double[neurons];
        cosPreferred = new double[neurons];
        sinPreferred = new double[neurons];
        twiceConcentration = new double[neurons];
        evenLobe = new double[neurons];
        oddLobe = new double[neurons];
    }

    /** Draws the parameters of {@code config.neurons()} neurons from {@code config.seed()}. */
    public static NeuronParameters draw(PopulationConfig config) {
        TuningDistribution tuning = config.tuning();
        boolean orientationOnly = config.periodDegrees() == 180.0;
        double logMedian = StrictMath.log(tuning.medianConcentration());
        double lowerWidth = (logMedian - StrictMath.log(tuning.concentrationLowerQuartile())) / QUARTILE_Z;
        double upperWidth = (StrictMath.log(tuning.concentrationUpperQuartile()) - logMedian) / QUARTILE_Z;
        double logAmplitude = StrictMath.log(tuning.medianAmplitude());
        double logBaseline = StrictMath.log(Math.max(tuning.baselineFraction(), Double.MIN_NORMAL));
        // An exponential variable E has median ln 2, so r^(E / ln 2) has median r.
        double nullExponent = StrictMath.log(tuning.medianNullRatio()) / StrictMath.log(2.0);

        NeuronParameters p = new NeuronParameters(config.neurons());
        SplitMix64 random = new SplitMix64(SeedStreams.derive(config.seed(), SeedStreams.NEURONS, 0));
        for (int n = 0; n < config.neurons(); n++) {
            double preferred = 360.0 * random.nextDouble();
            double z = random.nextGaussian();
            double kappa = StrictMath.exp(logMedian + z * (z < 0 ? lowerWidth : upperWidth));
            double amp = StrictMath.exp(logAmplitude + tuning.amplitudeSpread() * random.nextGaussian());
            double base = tuning.baselineFraction() == 0 ? 0
                    : amp * StrictMath.exp(logBaseline + tuning.baselineSpread() * random.nextGaussian());
            double exponential = -StrictMath.log1p(-random.nextDouble());
            double ratio = orientationOnly ? 1.0 : StrictMath.exp(nullExponent * exponential);
            p.set(n, preferred, Math.clamp(kappa, MIN_CONCENTRATION, MAX_CONCENTRATION), amp, base, ratio);
        }
        return p;
    }

    private void set(int n, double preferred, double kappa, double amp, double base, double ratio) {
        preferredDegrees[n] = preferred;
        concentration[n] = kappa;
        amplitude[n] = amp;
        baseline[n] = base;
        nullRatio[n] = ratio;
        cosPreferred[n] = StrictMath.cos(Math.toRadians(preferred));
        sinPreferred[n] = StrictMath.sin(Math.toRadians(preferred));
        // cos(2 delta) - 1 = 2 (cos^2 delta - 1): one product instead of a second cosine.
        twiceConcentration[n] = 2 * kappa;
        evenLobe[n] = amp * (1 + ratio) / 2;
        oddLobe[n] = amp * (1 - ratio) / 2;
    }

    /** Number of neurons. */
    public int size() {
        return concentration.length;
    }

    /** Preferred direction of neuron {@code n}, degrees in [0, 360). */
    public double preferredDegrees(int n) {
        return preferredDegrees[n];
    }

    /** Von Mises concentration of neuron {@code n}'s orientation tuning (on the doubled angle). */
    public double concentration(int n) {
        return concentration[n];
    }

    /** Peak response above baseline of neuron {@code n}, at its preferred direction. */
    public double amplitude(int n) {
        return amplitude[n];
    }

    /** Response of neuron {@code n} far from its preferred orientation. */
    public double baseline(int n) {
        return baseline[n];
    }

    /** Ratio of neuron {@code n}'s null-direction lobe to its preferred lobe, in (0, 1]. */
    public double nullRatio(int n) {
        return nullRatio[n];
    }

    /** Mean response of neuron {@code n} to a stimulus at {@code degrees}, before any noise. */
    public double meanResponse(int n, double degrees) {
        double radians = Math.toRadians(degrees);
        return meanResponse(n, StrictMath.cos(radians), StrictMath.sin(radians));
    }

    double meanResponse(int n, double cosStimulus, double sinStimulus) {
        double cosDelta = cosStimulus * cosPreferred[n] + sinStimulus * sinPreferred[n];
        double bump = FastExp.exp(twiceConcentration[n] * (cosDelta * cosDelta - 1));
        return baseline[n] + bump * (evenLobe[n] + oddLobe[n] * cosDelta);
    }
}
