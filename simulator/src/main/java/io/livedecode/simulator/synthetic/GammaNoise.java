package io.livedecode.simulator.synthetic;

/**
 * Draws gamma-distributed multipliers of mean 1 and a fixed shape (at least 1) by the
 * Marsaglia-Tsang rejection method, which accepts about 98% of proposals at the first try and
 * needs a logarithm only in a few percent of them.
 */
final class GammaNoise {

    private final double shape;
    private final double d;
    private final double c;
    private final double scale;

    GammaNoise(double shape) {
        if (!(shape >= 1) || !Double.isFinite(shape)) {
            throw new IllegalArgumentException("gamma shape must be finite and at least 1, got " + shape);
        }
        this.shape = shape;
        this.d = shape - 1.0 / 3.0;
        this.c = 1.0 / Math.sqrt(9.0 * d);
        this.scale = d / shape;
    }

    double shape() {
        return shape;
    }

    /** One gamma(shape, 1 / shape) draw: mean 1, coefficient of variation 1 / sqrt(shape). */
    double next(SplitMix64 random) {
        while (true) {
            double x;
            double v;
            do {
                x = random.nextGaussian();
                v = 1.0 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = random.nextDouble();
            double xx = x * x;
            if (u < 1.0 - 0.0331 * xx * xx
                    || StrictMath.log(u) < 0.5 * xx + d * (1.0 - v + StrictMath.log(v))) {
                return scale * v;
            }
        }
    }
}
