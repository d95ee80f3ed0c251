package io.livedecode.simulator.synthetic;

/**
 * Standard normal draws by the ziggurat method of Marsaglia and Tsang (2000), 128 layers: about
 * 99% of draws cost one 64-bit random number, a table look-up and a multiplication. The layer index
 * and the candidate value come from disjoint bits of that number, which avoids the correlation
 * Doornik (2005) found in the original 32-bit scheme.
 */
final class ZigguratNormal {

    private static final int LAYERS = 128;
    // Right edge of the base layer and the common area of every layer, for 128 layers.
    private static final double R = 3.442619855899;
    private static final double AREA = 9.91256303526217e-3;
    private static final double SCALE = 2147483648.0;

    private static final int[] K = new int[LAYERS];
    private static final double[] W = new double[LAYERS];
    private static final double[] F = new double[LAYERS];

    static {
        double dn = R;
        double tn = dn;
        double q = AREA / StrictMath.exp(-0.5 * dn * dn);
        K[0] = (int) ((dn / q) * SCALE);
        K[1] = 0;
        W[0] = q / SCALE;
        W[LAYERS - 1] = dn / SCALE;
        F[0] = 1.0;
        F[LAYERS - 1] = StrictMath.exp(-0.5 * dn * dn);
        for (int i = LAYERS - 2; i >= 1; i--) {
            dn = StrictMath.sqrt(-2.0 * StrictMath.log(AREA / dn + StrictMath.exp(-0.5 * dn * dn)));
            K[i + 1] = (int) ((dn / tn) * SCALE);
            tn = dn;
            F[i] = StrictMath.exp(-0.5 * dn * dn);
            W[i] = dn / SCALE;
        }
    }

    private ZigguratNormal() {
    }

    static double next(SplitMix64 random) {
        while (true) {
            long bits = random.nextLong();
            int layer = (int) (bits & (LAYERS - 1));
            int value = (int) (bits >> 32);
            double x = value * W[layer];
            if (Math.abs((long) value) < K[layer]) {
                return x;
            }
            if (layer == 0) {
                return tail(random, value > 0);
            }
            // Wedge between two layers: accept under the density.
            double y = F[layer] + random.nextDouble() * (F[layer - 1] - F[layer]);
            if (y < StrictMath.exp(-0.5 * x * x)) {
                return x;
            }
        }
    }

    // Beyond R: Marsaglia's exponential rejection for the normal tail.
    private static double tail(SplitMix64 random, boolean positive) {
        double x;
        double y;
        do {
            x = -StrictMath.log1p(-random.nextDouble()) / R;
            y = -StrictMath.log1p(-random.nextDouble());
        } while (y + y < x * x);
        return positive ? R + x : -R - x;
    }
}
