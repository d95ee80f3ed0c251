package io.livedecode.simulator.synthetic;

/**
 * Poisson draws in plain IEEE arithmetic (reproducible on every JVM): Knuth's product of uniforms
 * below a mean of 30, where it needs about {@code mean + 1} uniforms, and a rounded normal above,
 * where the Poisson distribution is within a few percent of it.
 */
final class CountNoise {

    private static final double KNUTH_LIMIT = 30;

    private CountNoise() {
    }

    static int poisson(double mean, SplitMix64 random) {
        if (!(mean > 0)) {
            return 0;
        }
        if (mean < KNUTH_LIMIT) {
            double limit = FastExp.exp(-mean);
            double product = random.nextDouble();
            int k = 0;
            while (product > limit) {
                k++;
                product *= random.nextDouble();
            }
            return k;
        }
        return (int) Math.max(0, Math.rint(mean + Math.sqrt(mean) * random.nextGaussian()));
    }
}
