package io.livedecode.simulator.synthetic;

/**
 * The per-neuron constants of a {@link FamilyPopulation}, drawn once from the seed and kept as flat
 * arrays: tuning (preferred direction, width, lobes, baseline), amplitude and the loadings on the
 * shared latent factors.
 */
final class FamilyNeurons {

    private final TuningShape shape;
    private final int factors;
    final double[] preferredDegrees;
    final double[] amplitude;
    private final double[] cosPreferred;
    private final double[] sinPreferred;
    private final double[] width;
    private final double[] cut;
    private final double[] evenLobe;
    private final double[] oddLobe;
    private final double[] baseline;
    /** Neuron-major: the loadings of neuron n are {@code loadings[n * factors .. (n + 1) * factors)}. */
    private final float[] loadings;

    private FamilyNeurons(int neurons, TuningShape shape, int factors) {
        this.shape = shape;
        this.factors = factors;
        preferredDegrees = new double[neurons];
        amplitude = new double[neurons];
        cosPreferred = new double[neurons];
        sinPreferred = new double[neurons];
        width = new double[neurons];
        cut = new double[neurons];
        evenLobe = new double[neurons];
        oddLobe = new double[neurons];
        baseline = new double[neurons];
        loadings = new float[neurons * factors];
    }

    static FamilyNeurons draw(FamilySpec spec) {
        FamilyTuning t = spec.tuning();
        int factors = spec.noise().latentFactors();
        boolean orientationOnly = spec.periodDegrees() == 180.0;
        FamilyNeurons p = new FamilyNeurons(spec.neurons(), t.shape(), factors);
        SplitMix64 random = new SplitMix64(SeedStreams.derive(spec.seed(), SeedStreams.NEURONS, 0));
        double logKappa = StrictMath.log(t.medianConcentration());
        double logAmplitude = StrictMath.log(t.medianAmplitude());
        // An exponential variable E has median ln 2, so r^(E / ln 2) has median r.
        double nullExponent = StrictMath.log(t.medianNullRatio()) / StrictMath.log(2.0);
        double loadingScale = factors == 0 ? 0 : 1 / Math.sqrt(factors);
        for (int n = 0; n < spec.neurons(); n++) {
            double preferred = 360.0 * random.nextDouble();
            double kappa = Math.clamp(StrictMath.exp(logKappa + t.concentrationSpread() * random.nextGaussian()),
                    NeuronParameters.MIN_CONCENTRATION, NeuronParameters.MAX_CONCENTRATION);
            double amp = StrictMath.exp(logAmplitude + t.amplitudeSpread() * random.nextGaussian());
            double ratio = orientationOnly ? 1.0 : StrictMath.exp(nullExponent * -StrictMath.log1p(-random.nextDouble()));
            boolean tuned = random.nextDouble() >= t.untunedFraction();
            p.preferredDegrees[n] = preferred;
            p.amplitude[n] = amp;
            p.cosPreferred[n] = StrictMath.cos(Math.toRadians(preferred));
            p.sinPreferred[n] = StrictMath.sin(Math.toRadians(preferred));
            p.width[n] = t.shape() == TuningShape.DIRECTION_VON_MISES ? kappa : 2 * kappa;
            p.cut[n] = 1 - 2 / (1 + kappa);
            p.baseline[n] = amp * t.baselineFraction();
            p.evenLobe[n] = tuned ? amp * (1 + ratio) / 2 : 0;
            p.oddLobe[n] = tuned ? amp * (1 - ratio) / 2 : 0;
            for (int k = 0; k < factors; k++) {
                p.loadings[n * factors + k] = (float) (loadingScale * random.nextGaussian());
            }
        }
        return p;
    }

    int size() {
        return amplitude.length;
    }

    /** Mean response of neuron {@code n} to a stimulus at (cos, sin) of its direction, before any noise. */
    double meanResponse(int n, double cosStimulus, double sinStimulus) {
        double cosDelta = cosStimulus * cosPreferred[n] + sinStimulus * sinPreferred[n];
        return switch (shape) {
            // cos(2 delta) - 1 = 2 (cos^2 delta - 1): one product instead of a second cosine.
            case VON_MISES -> baseline[n] + FastExp.exp(width[n] * (cosDelta * cosDelta - 1))
                    * (evenLobe[n] + oddLobe[n] * cosDelta);
            case TRUNCATED_COSINE -> {
                double cos2 = 2 * cosDelta * cosDelta - 1;
                double bump = Math.max(0, cos2 - cut[n]) / (1 - cut[n]);
                yield baseline[n] + bump * (evenLobe[n] + oddLobe[n] * cosDelta);
            }
            case DIRECTION_VON_MISES -> baseline[n] + FastExp.exp(width[n] * (cosDelta - 1)) * (evenLobe[n] + oddLobe[n]);
        };
    }

    /** {@code sum_k loading(n, k) * f[k]}: neuron {@code n}'s share of the latent factors. */
    double latent(int n, double[] f) {
        double s = 0;
        int base = n * factors;
        for (int k = 0; k < factors; k++) {
            s += loadings[base + k] * f[k];
        }
        return s;
    }
}
